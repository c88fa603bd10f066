// The lessons a student can be checked into right now: an active enrolment in the class (from on or
// before the lesson's date), the lesson not cancelled, and now inside its course's check-in window.
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { classes, courses, enrollments, lessons } from "../../db/schema";
import { isEnrolledFor } from "../attendance/recordAttendance";
import type { LessonContext } from "../attendance/lessonForAttendance";
import type { Ctx } from "../../core/context";

export function openLessonsFor(ctx: Ctx, studentId: number): LessonContext[] {
  const now = ctx.clock.now();
  const rows = ctx.db
    .select({ lesson: lessons, klass: classes, course: courses })
    .from(enrollments)
    .innerJoin(classes, eq(classes.id, enrollments.classId))
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .innerJoin(lessons, eq(lessons.classId, classes.id))
    .where(
      and(
        eq(enrollments.studentId, studentId),
        eq(enrollments.status, "active"),
        eq(lessons.status, "scheduled"),
        lte(sql`${lessons.startsAt} - ${courses.checkinOpensMinutes} * 60000`, now),
        gt(sql`${lessons.startsAt} + ${courses.checkinClosesMinutes} * 60000`, now),
      ),
    )
    .orderBy(asc(lessons.startsAt), asc(lessons.id))
    .all();
  return rows.filter((lc) => isEnrolledFor(ctx, lc, studentId));
}
