// After class: students with no record for a lesson that ended (plus the configured delay) are marked
// absent, following the course's absence policy, and the lesson remembers it was done. Safe to repeat:
// a processed lesson is skipped, and recording an existing status changes nothing. Suspended students
// (休学) are skipped.
import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import { attendance, lessons, students } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { inTransaction, type Ctx } from "../../core/context";
import { getSettings } from "../settings/institutionSettings";
import { loadLessonContext } from "./lessonForAttendance";
import { activeStudentIdsOfClass } from "../scheduling/enrollmentQueries";
import { recordAttendance } from "./recordAttendance";

export function markAbsences({ ctx }: { ctx: Ctx }): { lessons: number; absences: number; deducted: number; hoursShort: number } {
  const now = ctx.clock.now();
  const { autoAbsenceAfterHours } = getSettings({ ctx });
  if (autoAbsenceAfterHours === null) return { lessons: 0, absences: 0, deducted: 0, hoursShort: 0 };
  const absentAfterMinutes = autoAbsenceAfterHours * 60;
  const due = ctx.db
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.status, "scheduled"), isNull(lessons.absencesMarkedAt), lte(lessons.endsAt, now - absentAfterMinutes * 60_000)))
    .all();
  const summary = { lessons: due.length, absences: 0, deducted: 0, hoursShort: 0 };
  for (const { id } of due) {
    inTransaction(ctx, (ctx) => {
      const lc = loadLessonContext(ctx, id);
      const recorded = new Set(ctx.db.select({ s: attendance.studentId }).from(attendance).where(eq(attendance.lessonId, id)).all().map((r) => r.s));
      const enrolled = activeStudentIdsOfClass(ctx.db, lc.klass.id, businessDate(lc.lesson.startsAt, ctx.tz)).filter((s) => !recorded.has(s));
      // A suspended student (休学) is paused: no absence is marked for them, whatever their enrolment says.
      const suspended = new Set(
        enrolled.length === 0
          ? []
          : ctx.db.select({ id: students.id }).from(students).where(and(inArray(students.id, enrolled), eq(students.status, "suspended"))).all().map((r) => r.id),
      );
      const candidates = enrolled.filter((s) => !suspended.has(s));
      for (const studentId of candidates) {
        const result = recordAttendance({ ctx, input: { lessonId: id, studentId, status: "absent", channel: "auto" } });
        summary.absences += 1;
        if (result.attendance.ledgerOpId !== null) summary.deducted += 1;
        if (result.hoursShort) summary.hoursShort += 1;
      }
      ctx.db.update(lessons).set({ absencesMarkedAt: now }).where(eq(lessons.id, id)).run();
    });
  }
  return summary;
}
