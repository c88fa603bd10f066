// 续费 (the advisor's renewal follow-up), set-based: one SQL statement over every hour account of an
// enrolled student still enrolled in a class of the course finds those whose projected run-out date
// (scheduled future lessons × the course's hours per lesson, against the usable hours) falls within
// `runOutWeeks`, whose usable hours are at or below max(minHours, lastPurchasePercent of the last
// purchase), whose hours expire within `expiryDays`, or that owe hours. Accounts with an open renewal,
// or whose occasion already made one, are left out in the same statement.
//
// The occasion (dedupe key) is the account's purchase cycle: `renewal:account:<id>:lot:<newest lot>`.
// One renewal per cycle, however often the scan runs; a new one only after new hours are credited (a
// purchase closes the open one as 已续费 by itself). Only the candidates found — not every student —
// are then looked at one by one, for the card's figures.
import { sql } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { dateText, dueInDays } from "./ownerText";
import { monthDay } from "../../core/clock";
import { formatBalance, formatMoney } from "../../../shared/money";
import { FOLLOWUP_TASK_KIND_LABELS } from "../../../shared/followupTasks";
import { taskTitle } from "../followupTasks/taskCard";
import { nextTermClassFinder, type NextTermClass } from "./nextTermClass";
import type { RuleCandidate } from "./ruleCandidate";
import type { RenewalParams } from "./ruleTypes";
import { projectedRunOuts } from "./runOut";

const DAY = 86_400_000;
/** How far the card looks for the run-out date (the rule itself looks `runOutWeeks` ahead). */
const CARD_HORIZON_MS = 26 * 7 * DAY;

type RenewalRow = {
  accountId: number;
  studentId: number;
  courseId: number;
  campusId: number;
  studentName: string;
  ownerId: number | null;
  courseName: string;
  hoursPerLesson: number;
  usable: number;
  owed: number;
  deferredFen: number;
  nextExpiresAt: number | null;
  cycleLotId: number;
  lastPurchaseHours: number;
  runOutAt: number | null;
};

export const renewalKey = (accountId: number, cycleLotId: number) => `renewal:account:${accountId}:lot:${cycleLotId}`;

/** Accounts due a renewal follow-up now. `only`: one account, whatever its figures (a refused check-in, a first debt). */
export function renewalCandidates(ctx: Ctx, params: RenewalParams, only?: { accountId: number; trigger: string }): RuleCandidate[] {
  const now = ctx.clock.now();
  const horizon = now + params.runOutWeeks * 7 * DAY;
  const expiryLimit = now + params.expiryDays * DAY;
  const accountFilter = only ? sql`AND a.id = ${only.accountId}` : sql``;
  const due = only
    ? sql`1`
    : sql`(${params.owing ? 1 : 0} = 1 AND COALESCE(bal.owed, 0) > 0)
        OR runout.runOutAt IS NOT NULL
        OR COALESCE(bal.usable, 0) <= MAX(${params.minHours}, COALESCE(lp.credited_hours, 0) * ${params.lastPurchasePercent} / 100)
        OR bal.nextExpiresAt <= ${expiryLimit}`;
  const rows = ctx.db.all<RenewalRow>(sql`
    WITH acct AS (
      SELECT a.id AS accountId, a.student_id AS studentId, a.course_id AS courseId, s.campus_id AS campusId, s.name AS studentName,
        CASE WHEN adv.status = 'active' THEN s.advisor_id END AS ownerId, c.name AS courseName, c.hours_per_lesson AS hoursPerLesson
      FROM hour_accounts a
      JOIN students s ON s.id = a.student_id
      JOIN courses c ON c.id = a.course_id
      LEFT JOIN staff adv ON adv.id = s.advisor_id
      WHERE s.status = 'enrolled' ${accountFilter}
        AND EXISTS (SELECT 1 FROM enrollments e JOIN classes k ON k.id = e.class_id
                    WHERE e.student_id = a.student_id AND e.status = 'active' AND k.course_id = a.course_id)
    ),
    bal AS (
      SELECT l.account_id AS accountId,
        SUM(CASE WHEN l.kind = 'overdraft' OR l.expires_at IS NULL OR l.expires_at > ${now} THEN l.remaining_hours ELSE 0 END) AS usable,
        SUM(CASE WHEN l.kind = 'overdraft' AND l.remaining_hours < 0 THEN -l.remaining_hours ELSE 0 END) AS owed,
        SUM(CASE WHEN l.kind <> 'overdraft' AND (l.expires_at IS NULL OR l.expires_at > ${now}) THEN l.remaining_fen ELSE 0 END) AS deferredFen,
        MIN(CASE WHEN l.kind <> 'overdraft' AND l.remaining_hours > 0 AND l.expires_at > ${now} THEN l.expires_at END) AS nextExpiresAt,
        MAX(CASE WHEN l.kind <> 'overdraft' THEN l.id END) AS cycleLotId,
        MAX(CASE WHEN l.kind = 'purchase' THEN l.id END) AS lastPurchaseLotId
      FROM hour_lots l JOIN acct ON acct.accountId = l.account_id
      GROUP BY l.account_id
    ),
    sched AS (
      SELECT acct.accountId AS accountId, ls.starts_at AS startsAt,
        SUM(acct.hoursPerLesson) OVER (PARTITION BY acct.accountId ORDER BY ls.starts_at, ls.id ROWS UNBOUNDED PRECEDING) AS cum
      FROM acct
      JOIN enrollments e ON e.student_id = acct.studentId AND e.status = 'active'
      JOIN classes k ON k.id = e.class_id AND k.course_id = acct.courseId
      JOIN lessons ls ON ls.class_id = k.id AND ls.status = 'scheduled' AND ls.starts_at > ${now} AND ls.starts_at <= ${horizon}
    ),
    runout AS (
      SELECT sched.accountId AS accountId, MIN(sched.startsAt) AS runOutAt
      FROM sched LEFT JOIN bal ON bal.accountId = sched.accountId
      WHERE sched.cum > COALESCE(bal.usable, 0)
      GROUP BY sched.accountId
    )
    SELECT acct.*, COALESCE(bal.usable, 0) AS usable, COALESCE(bal.owed, 0) AS owed, COALESCE(bal.deferredFen, 0) AS deferredFen,
      bal.nextExpiresAt AS nextExpiresAt, COALESCE(bal.cycleLotId, 0) AS cycleLotId, COALESCE(lp.credited_hours, 0) AS lastPurchaseHours,
      runout.runOutAt AS runOutAt
    FROM acct
    LEFT JOIN bal ON bal.accountId = acct.accountId
    LEFT JOIN hour_lots lp ON lp.id = bal.lastPurchaseLotId
    LEFT JOIN runout ON runout.accountId = acct.accountId
    WHERE NOT EXISTS (SELECT 1 FROM followup_tasks f WHERE f.dedupe_key = 'renewal:account:' || acct.accountId || ':lot:' || COALESCE(bal.cycleLotId, 0))
      AND NOT EXISTS (SELECT 1 FROM followup_tasks f WHERE f.account_id = acct.accountId AND f.kind = 'renewal' AND f.state = 'open')
      AND (${due})
    ORDER BY acct.accountId`);
  // The card's run-out date for candidates found by hours or expiry, looking further ahead; the next
  // term's class per course and campus — both read for all candidates at once.
  const runOuts = projectedRunOuts(ctx, rows.filter((r) => r.runOutAt === null), CARD_HORIZON_MS);
  const nextClass = nextTermClassFinder(ctx);
  const dueAt = dueInDays(ctx, params.dueDays);
  return rows.map((r) => toCandidate(ctx, params, { ...r, runOutAt: r.runOutAt ?? runOuts.get(r.accountId) ?? null }, { next: nextClass(r), dueAt }, only?.trigger));
}

function triggerOf(params: RenewalParams, r: RenewalRow, expiryLimit: number, runOutLimit: number): string {
  if (params.owing && r.owed > 0) return "owing";
  if (r.runOutAt !== null && r.runOutAt <= runOutLimit) return "run_out";
  if (r.nextExpiresAt !== null && r.nextExpiresAt <= expiryLimit) return "expiring";
  return "low_hours";
}


function toCandidate(ctx: Ctx, params: RenewalParams, r: RenewalRow, found: { next: NextTermClass | null; dueAt: number }, forced?: string): RuleCandidate {
  const next = found.next;
  const now = ctx.clock.now();
  const runOutAt = r.runOutAt;
  const trigger = forced ?? triggerOf(params, r, now + params.expiryDays * DAY, now + params.runOutWeeks * 7 * DAY);
  const threshold = Math.max(params.minHours, Math.floor((r.lastPurchaseHours * params.lastPurchasePercent) / 100));
  const lines = [
    { key: "课程", value: r.courseName },
    { key: "剩余课时", value: formatBalance(r.usable) },
    { key: "预计用完", value: r.usable <= 0 ? "已用完" : runOutAt === null ? "暂无排课" : monthDay(runOutAt, ctx.tz) },
    ...(trigger === "expiring" && r.nextExpiresAt !== null ? [{ key: "课时过期", value: monthDay(r.nextExpiresAt, ctx.tz) }] : []),
    { key: "预收金额", value: formatMoney(r.deferredFen) },
    { key: "下期班级", value: next ? `${next.name} ${dateText(next.startDate)}开课 余${next.seatsLeft}位` : "暂无" },
  ];
  const dueAt = Math.min(found.dueAt, runOutAt ?? Number.MAX_SAFE_INTEGER);
  return {
    ruleKey: "renewal",
    kind: "renewal",
    trigger,
    dedupeKey: renewalKey(r.accountId, r.cycleLotId),
    studentId: r.studentId,
    studentName: r.studentName,
    campusId: r.campusId,
    ownerId: r.ownerId,
    accountId: r.accountId,
    title: taskTitle(FOLLOWUP_TASK_KIND_LABELS.renewal, r.studentName),
    facts: {
      lines,
      courseId: r.courseId,
      usableHours: r.usable,
      owedHours: r.owed,
      deferredFen: r.deferredFen,
      runOutAt,
      nextExpiresAt: r.nextExpiresAt,
      nextClass: next,
    },
    dueAt: Math.max(dueAt, now),
    inputs: { ...r, threshold, horizon: now + params.runOutWeeks * 7 * DAY, params },
  };
}
