// 回访 for the head teacher (the student's, else the class's), set-based: a week after the student's
// class started for them (their enrolment's fromDate), when half of a purchase has been used, and a
// month before the class's planned end. Each occasion once (`visit:enrollment:<id>:start|end`,
// `visit:lot:<id>:half`), and only when it fell within the last `lookbackDays` — switching the rule on
// does not flood a school with every visit it never made; the half-way mark counts when this week's
// lessons crossed it.
import { sql } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { businessDate } from "../../core/clock";
import { FOLLOWUP_TASK_KIND_LABELS } from "../../../shared/followupTasks";
import { formatHours } from "../../../shared/money";
import { taskTitle } from "../followupTasks/taskCard";
import { dateText, dueInDays } from "./ownerText";
import { addDays } from "../scheduling/lessonSpan";
import type { RuleCandidate } from "./ruleCandidate";
import type { VisitParams } from "./ruleTypes";

const DAY = 86_400_000;

type EnrolmentRow = { enrollmentId: number; studentId: number; studentName: string; campusId: number; ownerId: number | null; className: string; fromDate: string; endDate: string };
type HalfRow = { lotId: number; accountId: number; studentId: number; studentName: string; campusId: number; ownerId: number | null; courseName: string; credited: number; remaining: number };

const OWNER = sql`CASE WHEN ht.status = 'active' THEN ht.id WHEN kt.status = 'active' THEN kt.id END`;

export function visitCandidates(ctx: Ctx, params: VisitParams): RuleCandidate[] {
  const now = ctx.clock.now();
  const today = businessDate(now, ctx.tz);
  const since = addDays(today, -params.lookbackDays);
  const dueAt = dueInDays(ctx, params.dueDays);
  const enrolments = (occasion: "start" | "end") => {
    const day = occasion === "start" ? sql`date(e.from_date, ${`+${params.startDays} days`})` : sql`date(k.end_date, ${`-${params.endDays} days`})`;
    return ctx.db.all<EnrolmentRow>(sql`
      SELECT e.id AS enrollmentId, s.id AS studentId, s.name AS studentName, s.campus_id AS campusId, ${OWNER} AS ownerId,
        k.name AS className, e.from_date AS fromDate, k.end_date AS endDate
      FROM enrollments e
      JOIN classes k ON k.id = e.class_id AND k.status = 'active'
      JOIN students s ON s.id = e.student_id AND s.status = 'enrolled'
      LEFT JOIN staff ht ON ht.id = s.head_teacher_id
      LEFT JOIN staff kt ON kt.id = k.head_teacher_id
      WHERE e.status = 'active' AND ${day} <= ${today} AND ${day} > ${since} AND k.end_date >= ${today}
        AND NOT EXISTS (SELECT 1 FROM followup_tasks f WHERE f.dedupe_key = 'visit:enrollment:' || e.id || ${`:${occasion}`})
      ORDER BY e.id`);
  };
  const out: RuleCandidate[] = [];
  for (const occasion of ["start", "end"] as const) {
    for (const r of enrolments(occasion)) {
      const trigger = occasion === "start" ? "visit_start" : "visit_end";
      out.push({
        ruleKey: "visit",
        kind: "visit",
        trigger,
        dedupeKey: `visit:enrollment:${r.enrollmentId}:${occasion}`,
        studentId: r.studentId,
        studentName: r.studentName,
        campusId: r.campusId,
        ownerId: r.ownerId,
        title: taskTitle(FOLLOWUP_TASK_KIND_LABELS.visit, r.studentName),
        facts: {
          lines: [
            { key: "班级", value: r.className },
            occasion === "start" ? { key: "开始上课", value: dateText(r.fromDate) } : { key: "结课日期", value: dateText(r.endDate) },
          ],
          enrollmentId: r.enrollmentId,
        },
        dueAt,
        inputs: { ...r, occasion, today, params },
      });
    }
  }
  // Half-way: a purchase lot whose used hours reached halfPercent, and did so within the lookback (the
  // hours drawn from it since then take it back under the mark).
  const halves = ctx.db.all<HalfRow>(sql`
    SELECT l.id AS lotId, l.account_id AS accountId, s.id AS studentId, s.name AS studentName, s.campus_id AS campusId,
      CASE WHEN ht.status = 'active' THEN ht.id END AS ownerId, c.name AS courseName, l.credited_hours AS credited, l.remaining_hours AS remaining
    FROM hour_lots l
    JOIN students s ON s.id = l.student_id AND s.status = 'enrolled'
    JOIN hour_accounts a ON a.id = l.account_id
    JOIN courses c ON c.id = a.course_id
    LEFT JOIN staff ht ON ht.id = s.head_teacher_id
    WHERE l.kind = 'purchase' AND l.credited_hours > 0
      AND (l.credited_hours - l.remaining_hours) * 100 >= l.credited_hours * ${params.halfPercent}
      AND (l.credited_hours - l.remaining_hours - COALESCE((SELECT -SUM(le.hours) FROM ledger_entries le
            WHERE le.lot_id = l.id AND le.hours < 0 AND le.at > ${now - params.lookbackDays * DAY}), 0)) * 100 < l.credited_hours * ${params.halfPercent}
      AND NOT EXISTS (SELECT 1 FROM followup_tasks f WHERE f.dedupe_key = 'visit:lot:' || l.id || ':half')
    ORDER BY l.id`);
  for (const r of halves) {
    out.push({
      ruleKey: "visit",
      kind: "visit",
      trigger: "visit_half",
      dedupeKey: `visit:lot:${r.lotId}:half`,
      studentId: r.studentId,
      studentName: r.studentName,
      campusId: r.campusId,
      ownerId: r.ownerId,
      accountId: r.accountId,
      title: taskTitle(FOLLOWUP_TASK_KIND_LABELS.visit, r.studentName),
      facts: {
        lines: [
          { key: "课程", value: r.courseName },
          { key: "已用", value: `${formatHours(r.credited - r.remaining)} / ${formatHours(r.credited)}` },
        ],
        lotId: r.lotId,
      },
      dueAt,
      inputs: { ...r, params },
    });
  }
  return out;
}
