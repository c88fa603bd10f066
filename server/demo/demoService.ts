// The service desk's demo facts: the seeded school already has renewals due (students running out),
// return visits and follow-up dates; a churn warning needs a student who stopped coming, so the one
// enrolled student with the most recent attended lessons is marked absent for their last three. The
// nightly scan, run at the first start, then fills the head teacher's and the advisors' inboxes.
import { sql } from "drizzle-orm";
import type { Ctx } from "../core/context";
import { recordAttendance } from "../domain/attendance/recordAttendance";

const DAY = 86_400_000;

export function seedDemoService(ctx: Ctx): void {
  const now = ctx.clock.now();
  const student = ctx.db.get<{ studentId: number }>(sql`
    SELECT a.student_id AS studentId FROM attendance a JOIN lessons l ON l.id = a.lesson_id
    JOIN students s ON s.id = a.student_id AND s.status = 'enrolled' AND s.head_teacher_id IS NOT NULL
    WHERE l.starts_at > ${now - 30 * DAY} AND l.starts_at <= ${now} AND a.status IN ('present', 'late')
    GROUP BY a.student_id HAVING COUNT(*) >= 3 ORDER BY MAX(l.starts_at) DESC, a.student_id LIMIT 1`);
  if (!student) return;
  const last = ctx.db.all<{ lessonId: number }>(sql`
    SELECT a.lesson_id AS lessonId FROM attendance a JOIN lessons l ON l.id = a.lesson_id
    WHERE a.student_id = ${student.studentId} AND l.starts_at <= ${now} AND a.status <> 'leave'
    ORDER BY l.starts_at DESC LIMIT 3`);
  // Corrected through the API by the system (older lessons are locked to teachers).
  for (const { lessonId } of last) recordAttendance({ ctx, input: { lessonId, studentId: student.studentId, status: "absent", channel: "api" } });
}
