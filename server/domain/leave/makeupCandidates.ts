// The lessons a missed (请假) lesson can be made up in: the same course, scheduled and not yet begun,
// in any class of that course in the student's campus, with a free seat, and at no time the student
// is already due in another lesson (their own classes, or another make-up). A make-up takes a seat:
// the class's capacity counts its roster on that day plus the make-up guests already recorded.
import { and, asc, eq, gt, lt, ne } from "drizzle-orm";
import { businessDate } from "../../core/clock";
import { attendance, classes, courses, lessons, rooms, staff } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { findAttendance } from "../attendance/recordAttendance";
import { activeStudentIdsOfClass, isActiveStudentOfClass } from "../scheduling/enrollmentQueries";
import { findLessonConflicts } from "../scheduling/lessonConflicts";
import { formatSpanZh } from "../scheduling/lessonSpan";
import { lessonTimeText, type LeaveLesson } from "./leaveLessons";

/** How many coming lessons of the course are looked at, and how many candidates are offered. */
const SCAN_LIMIT = 300;
const MAX_CANDIDATES = 30;

export type MakeupCandidate = LeaveLesson & { teacherName: string; roomName: string | null; seatsLeft: number; text: string };

export type MakeupRefusal = { reason: "class_full" | "time_conflict"; message: string };

/** Free seats of the lesson: capacity less the class's roster that day and the make-up guests already there. */
export function seatsLeft(ctx: Ctx, target: LeaveLesson): number {
  const roster = activeStudentIdsOfClass(ctx.db, target.klass.id, businessDate(target.lesson.startsAt, ctx.tz));
  const guests = ctx.db
    .select({ studentId: attendance.studentId })
    .from(attendance)
    .where(and(eq(attendance.lessonId, target.lesson.id), eq(attendance.status, "makeup")))
    .all()
    .filter((r) => !roster.includes(r.studentId)).length;
  return target.klass.capacity - roster.length - guests;
}

/** "与 3月11日 18:00–20:00 的「数学二班」时间冲突": the student's first other lesson overlapping the target, if any. */
function timeClash(ctx: Ctx, studentId: number, target: LeaveLesson): string | null {
  const span = { startsAt: target.lesson.startsAt, endsAt: target.lesson.endsAt };
  const own = findLessonConflicts(
    ctx,
    [{ ...span, classId: target.klass.id, className: target.klass.name, teacherId: -1, roomId: null, studentIds: [studentId] }],
    target.lesson.id,
  ).find((c) => c.reason === "student");
  if (own) return `与 ${formatSpanZh(own, ctx.tz)} 的「${own.className}」时间冲突`;
  const guest = ctx.db
    .select({ startsAt: lessons.startsAt, endsAt: lessons.endsAt, className: classes.name })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(
      and(
        eq(attendance.studentId, studentId),
        eq(attendance.status, "makeup"),
        eq(lessons.status, "scheduled"),
        ne(lessons.id, target.lesson.id),
        lt(lessons.startsAt, span.endsAt),
        gt(lessons.endsAt, span.startsAt),
      ),
    )
    .get();
  return guest ? `与 ${formatSpanZh(guest, ctx.tz)} 的「${guest.className}」补课时间冲突` : null;
}

/** Why the student cannot be made up in `target` (null: they can): no seat left, or another lesson of theirs then. */
export function makeupLessonRefusal(ctx: Ctx, studentId: number, target: LeaveLesson): MakeupRefusal | null {
  // On the class's roster that day (本班补课), the student already holds a seat.
  const onRoster = isActiveStudentOfClass(ctx.db, target.klass.id, studentId, businessDate(target.lesson.startsAt, ctx.tz));
  if (!onRoster && seatsLeft(ctx, target) <= 0) return { reason: "class_full", message: `「${target.klass.name}」${lessonTimeText(target.lesson.startsAt, ctx.tz)} 的课已满员，请换一节课` };
  const clash = timeClash(ctx, studentId, target);
  return clash ? { reason: "time_conflict", message: `该学员${clash}，请换一节课` } : null;
}

/** The lessons `leave` can be made up in for the student, soonest first (at most 30). */
export function makeupCandidates(ctx: Ctx, studentId: number, campusId: number, leave: LeaveLesson): MakeupCandidate[] {
  const rows = ctx.db
    .select({ lesson: lessons, klass: classes, course: courses, teacherName: staff.name, roomName: rooms.name })
    .from(lessons)
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .innerJoin(staff, eq(staff.id, lessons.teacherId))
    .leftJoin(rooms, eq(rooms.id, lessons.roomId))
    .where(and(eq(classes.courseId, leave.course.id), eq(classes.campusId, campusId), eq(lessons.status, "scheduled"), gt(lessons.startsAt, ctx.clock.now())))
    .orderBy(asc(lessons.startsAt), asc(lessons.id))
    .limit(SCAN_LIMIT)
    .all();
  const out: MakeupCandidate[] = [];
  for (const row of rows) {
    if (out.length >= MAX_CANDIDATES) break;
    if (row.lesson.id === leave.lesson.id) continue;
    if (findAttendance(ctx.db, row.lesson.id, studentId)) continue;
    if (isActiveStudentOfClass(ctx.db, row.klass.id, studentId, businessDate(row.lesson.startsAt, ctx.tz))) continue;
    const seats = seatsLeft(ctx, row);
    if (seats <= 0 || timeClash(ctx, studentId, row) !== null) continue;
    out.push({ ...row, seatsLeft: seats, text: lessonTimeText(row.lesson.startsAt, ctx.tz) });
  }
  return out;
}
