// 流失预警 for the student's head teacher, set-based over the recent lessons only (the attendance of the
// last `window` days joined from the lessons index, never the whole table), read in one pass that gives
// each student's last attended lesson, the absences since it and the rate's counts: `absences` 缺勤 in a
// row (leave is neither; a row ends when they come); no lesson attended for `silentDays` while enrolled,
// with hours left and with lessons held in that time; an attendance rate under `ratePercent` over
// `rateWeeks`; a complaint still open past an SLA. One episode per student and cause: a cause with an
// open task is skipped, and the occasion key names the student's last attended lesson (a new episode
// needs them to have come back in between) — for the rate the period, for a complaint the ticket.
import { sql } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { FOLLOWUP_TASK_KIND_LABELS, FOLLOWUP_TRIGGER_LABELS } from "../../../shared/followupTasks";
import { taskTitle } from "../followupTasks/taskCard";
import { dueInDays } from "./ownerText";
import { monthDay } from "../../core/clock";
import { takenKeys } from "./takenKeys";
import type { RuleCandidate } from "./ruleCandidate";
import type { ChurnParams } from "./ruleTypes";

const DAY = 86_400_000;
/** How far back the attendance is read for absences and the last attended lesson. */
const WINDOW_DAYS = 60;

type ChurnRow = { studentId: number; studentName: string; campusId: number; ownerId: number | null; anchor: number; detail: number | null; extra: number | null };

/** A student's attendance over the window, in one row. */
type Stats = {
  studentId: number;
  studentName: string;
  campusId: number;
  ownerId: number | null;
  lastCameAt: number | null;
  lastCameAid: number | null;
  absentsAfter: number;
  lastAbsentAt: number | null;
  rateTotal: number;
  rateCame: number;
};

const CAME = sql.raw(`('present', 'late', 'makeup')`);

export function churnCandidates(ctx: Ctx, params: ChurnParams): RuleCandidate[] {
  const now = ctx.clock.now();
  const since = now - Math.max(WINDOW_DAYS, params.silentDays, params.rateWeeks * 7) * DAY;
  const silentSince = now - params.silentDays * DAY;
  const rateSince = now - params.rateWeeks * 7 * DAY;
  const period = Math.floor(now / (params.rateWeeks * 7 * DAY));
  // One pass over the window's attendance (leave left out): per student, the last lesson they came to,
  // then the absences after it and the rate's counts.
  const stats = ctx.db.all<Stats>(sql`
    WITH recent AS MATERIALIZED (
      SELECT att.student_id AS sid, att.id AS aid, att.status AS st, ls.starts_at AS at
      FROM lessons ls JOIN attendance att ON att.lesson_id = ls.id
      WHERE ls.starts_at >= ${since} AND ls.starts_at <= ${now} AND ls.status = 'scheduled' AND att.status <> 'leave'
    ),
    came AS (
      SELECT sid, MAX(CASE WHEN st IN ${CAME} THEN at END) AS lastCameAt, MAX(CASE WHEN st IN ${CAME} THEN aid END) AS lastCameAid,
        SUM(at >= ${rateSince}) AS rateTotal, SUM(at >= ${rateSince} AND st IN ${CAME}) AS rateCame
      FROM recent GROUP BY sid
    ),
    streak AS (
      SELECT r.sid AS sid, COUNT(*) AS absentsAfter, MAX(r.at) AS lastAbsentAt
      FROM recent r JOIN came c ON c.sid = r.sid
      WHERE r.st = 'absent' AND r.at > COALESCE(c.lastCameAt, 0)
      GROUP BY r.sid
    )
    SELECT s.id AS studentId, s.name AS studentName, s.campus_id AS campusId, CASE WHEN ht.status = 'active' THEN ht.id END AS ownerId,
      c.lastCameAt AS lastCameAt, c.lastCameAid AS lastCameAid, COALESCE(k.absentsAfter, 0) AS absentsAfter, k.lastAbsentAt AS lastAbsentAt,
      c.rateTotal AS rateTotal, c.rateCame AS rateCame
    FROM came c
    JOIN students s ON s.id = c.sid AND s.status = 'enrolled'
    LEFT JOIN streak k ON k.sid = c.sid
    LEFT JOIN staff ht ON ht.id = s.head_teacher_id
    WHERE COALESCE(k.absentsAfter, 0) >= ${params.absences}
      OR (c.rateTotal >= ${params.rateMinLessons} AND c.rateCame * 100 < c.rateTotal * ${params.ratePercent})
      OR COALESCE(c.lastCameAt, 0) < ${silentSince}`);
  // Silent needs lessons held since `silentSince` in a class they are on with hours left (a student on a
  // break between terms is not silent); those students, as one set.
  const held = new Set(
    ctx.db
      .all<{ sid: number }>(
        sql`SELECT DISTINCT e.student_id AS sid
        FROM lessons ls
        JOIN enrollments e ON e.class_id = ls.class_id AND e.status = 'active' AND e.from_date <= date(${Math.floor(silentSince / 1000)}, 'unixepoch')
        JOIN classes k ON k.id = ls.class_id
        WHERE ls.starts_at >= ${silentSince} AND ls.starts_at <= ${now} AND ls.status = 'scheduled'
          AND EXISTS (SELECT 1 FROM hour_accounts a JOIN hour_lots l ON l.account_id = a.id
                      WHERE a.student_id = e.student_id AND a.course_id = k.course_id AND l.remaining_hours > 0 AND (l.expires_at IS NULL OR l.expires_at > ${now}))`,
      )
      .map((r) => r.sid),
  );
  // A student whose attendance in the window is all leave has no stats row: silent too when lessons were held.
  const row = (x: Stats, anchor: number, detail: number | null, extra: number | null): ChurnRow => ({
    studentId: x.studentId,
    studentName: x.studentName,
    campusId: x.campusId,
    ownerId: x.ownerId,
    anchor,
    detail,
    extra,
  });
  const anchorOf = (x: Stats) => x.lastCameAid ?? 0;
  const found: { trigger: string; key: (r: ChurnRow) => string; line: (r: ChurnRow) => { key: string; value: string }; rows: ChurnRow[] }[] = [
    {
      trigger: "absences",
      key: (r) => `churn:student:${r.studentId}:absences:after:${r.anchor}`,
      line: (r) => ({ key: "最近缺勤", value: `连续 ${r.extra ?? params.absences} 次，最近 ${r.detail === null ? "" : monthDay(r.detail, ctx.tz)}` }),
      rows: stats.filter((x) => x.absentsAfter >= params.absences).map((x) => row(x, anchorOf(x), x.lastAbsentAt, x.absentsAfter)),
    },
    {
      trigger: "silent",
      key: (r) => `churn:student:${r.studentId}:silent:after:${r.anchor}`,
      line: (r) => ({ key: "上次上课", value: r.detail === null ? `${params.silentDays} 天以上未上课` : monthDay(r.detail, ctx.tz) }),
      rows: stats.filter((x) => (x.lastCameAt ?? 0) < silentSince && held.has(x.studentId)).map((x) => row(x, anchorOf(x), x.lastCameAt, null)),
    },
    {
      trigger: "low_rate",
      key: (r) => `churn:student:${r.studentId}:low_rate:period:${period}`,
      line: (r) => ({ key: "出勤率", value: `近 ${params.rateWeeks} 周 ${r.detail ?? 0}/${r.extra ?? 0} 次` }),
      rows: stats
        .filter((x) => x.rateTotal >= params.rateMinLessons && x.rateCame * 100 < x.rateTotal * params.ratePercent)
        .map((x) => row(x, 0, x.rateCame, x.rateTotal)),
    },
  ];

  if (params.complaint) {
    found.push({
      trigger: "complaint",
      key: (r) => `churn:ticket:${r.anchor}`,
      line: (r) => ({ key: "投诉工单", value: `#${r.anchor} 已超时${r.detail === null ? "" : ` · ${monthDay(r.detail, ctx.tz)}`}` }),
      rows: ctx.db.all<ChurnRow>(sql`
        SELECT s.id AS studentId, s.name AS studentName, s.campus_id AS campusId, CASE WHEN ht.status = 'active' THEN ht.id END AS ownerId,
          t.id AS anchor, (SELECT MIN(c.breached_at) FROM ticket_sla_clocks c WHERE c.ticket_id = t.id) AS detail, NULL AS extra
        FROM tickets t
        JOIN ticket_types tt ON tt.id = t.type_id AND tt.built_in = 'complaint'
        JOIN students s ON s.id = t.student_id AND s.status = 'enrolled'
        LEFT JOIN staff ht ON ht.id = s.head_teacher_id
        WHERE t.status NOT IN ('resolved', 'closed')
          AND EXISTS (SELECT 1 FROM ticket_sla_clocks c WHERE c.ticket_id = t.id AND c.breached_at IS NOT NULL)`),
    });
  }

  // One episode per student and cause: skip a cause already open for the student, and an occasion already had.
  const open = new Set(
    ctx.db
      .all<{ studentId: number; trigger: string }>(sql`SELECT student_id AS studentId, trigger FROM followup_tasks WHERE kind = 'churn' AND state = 'open'`)
      .map((o) => `${o.studentId}:${o.trigger}`),
  );
  const dueAt = dueInDays(ctx, params.dueDays);
  const candidates = found.flatMap(({ trigger, key, line, rows }) =>
    rows
      .filter((r) => !open.has(`${r.studentId}:${trigger}`))
      .map((r) => ({
        ruleKey: "churn" as const,
        kind: "churn" as const,
        trigger,
        dedupeKey: key(r),
        studentId: r.studentId,
        studentName: r.studentName,
        campusId: r.campusId,
        ownerId: r.ownerId,
        title: taskTitle(FOLLOWUP_TASK_KIND_LABELS.churn, r.studentName),
        facts: { lines: [{ key: "原因", value: FOLLOWUP_TRIGGER_LABELS[trigger] ?? trigger }, line(r)], ...r },
        dueAt,
        inputs: { ...r, trigger, params },
      })),
  );
  const taken = takenKeys(ctx, candidates.map((c) => c.dedupeKey));
  return candidates.filter((c) => !taken.has(c.dedupeKey));
}
