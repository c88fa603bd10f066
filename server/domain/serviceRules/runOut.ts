// The projected run-out of accounts: walking each student's scheduled future lessons of the course (the
// classes they are enrolled in), each taking the course's hours per lesson, the first lesson the usable
// hours cannot cover. The scan finds the accounts running out within the rule's weeks in its own SQL
// (renewalCandidates); this gives the card's date for the other candidates, looking further ahead, in
// one statement per few hundred accounts.
import { sql } from "drizzle-orm";
import type { Ctx } from "../../core/context";

export type RunOutAccount = { accountId: number; studentId: number; courseId: number; usable: number };

const CHUNK = 400;

/** accountId → the start of the first lesson within `horizonMs` that its usable hours cannot cover (absent: none). */
export function projectedRunOuts(ctx: Ctx, accounts: readonly RunOutAccount[], horizonMs: number): Map<number, number> {
  const now = ctx.clock.now();
  const out = new Map<number, number>();
  for (let i = 0; i < accounts.length; i += CHUNK) {
    const chunk = accounts.slice(i, i + CHUNK);
    const values = sql.join(
      chunk.map((a) => sql`(${a.accountId}, ${a.studentId}, ${a.courseId}, ${a.usable})`),
      sql`, `,
    );
    const rows = ctx.db.all<{ accountId: number; runOutAt: number }>(sql`
      WITH cand(accountId, studentId, courseId, usable) AS (VALUES ${values}),
      sched AS (
        SELECT cand.accountId AS accountId, cand.usable AS usable, ls.starts_at AS startsAt,
          SUM(c.hours_per_lesson) OVER (PARTITION BY cand.accountId ORDER BY ls.starts_at, ls.id ROWS UNBOUNDED PRECEDING) AS cum
        FROM cand
        JOIN enrollments e ON e.student_id = cand.studentId AND e.status = 'active'
        JOIN classes k ON k.id = e.class_id AND k.course_id = cand.courseId
        JOIN courses c ON c.id = k.course_id
        JOIN lessons ls ON ls.class_id = k.id AND ls.status = 'scheduled' AND ls.starts_at > ${now} AND ls.starts_at <= ${now + horizonMs}
      )
      SELECT accountId, MIN(startsAt) AS runOutAt FROM sched WHERE cum > usable GROUP BY accountId`);
    for (const r of rows) out.set(r.accountId, r.runOutAt);
  }
  return out;
}
