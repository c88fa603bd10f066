// Automatic absences, only when the institution turned them on (`autoAbsenceAfterHours`, default off):
// that many hours after a lesson ended, students with no record are written 缺勤 with channel `auto`
// (自动记录·待确认). Such a row never deducts hours and is not a roll call (the lesson stays 未点名); a
// person marking the student later confirms it and deducts per the course. The lesson remembers it was
// done. Safe to repeat: a processed lesson is skipped, and recording an existing status changes nothing.
// Suspended students (休学) are skipped.
import { and, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import { attendance, lessons, students } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { inTransaction, type Ctx } from "../../core/context";
import { getSettings } from "../settings/institutionSettings";
import { loadLessonContext } from "./lessonForAttendance";
import { activeStudentIdsOfClass } from "../scheduling/enrollmentQueries";
import { recordAttendance } from "./recordAttendance";

const HOUR = 3600 * 1000;

export function markAbsences({ ctx }: { ctx: Ctx }): { lessons: number; absences: number } {
  const now = ctx.clock.now();
  const { autoAbsenceAfterHours } = getSettings({ ctx });
  if (autoAbsenceAfterHours === null) return { lessons: 0, absences: 0 };
  const dueAt = now - autoAbsenceAfterHours * HOUR;
  // Turning the setting on does not reach back: only lessons that became due in the last day.
  const due = ctx.db
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.status, "scheduled"), isNull(lessons.absencesMarkedAt), lte(lessons.endsAt, dueAt), gte(lessons.endsAt, dueAt - 24 * HOUR)))
    .all();
  const summary = { lessons: due.length, absences: 0 };
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
        recordAttendance({ ctx, input: { lessonId: id, studentId, status: "absent", channel: "auto" } });
        summary.absences += 1;
      }
      ctx.db.update(lessons).set({ absencesMarkedAt: now }).where(eq(lessons.id, id)).run();
    });
  }
  return summary;
}
