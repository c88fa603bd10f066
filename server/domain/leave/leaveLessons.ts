// The lessons a leave is about: loaded with their class and course, written for people in the business
// time zone ("3月9日 周一 18:00 等 2 次"), and the coming lessons a leave can still cover.
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { businessDate, dayjs } from "../../core/clock";
import { approvalInstances, attendance, classes, courses, enrollments, lessons, type Class, type Course, type Lesson } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { isActiveStudentOfClass } from "../scheduling/enrollmentQueries";
import { LEAVE_TYPE } from "./leaveFields";

export type LeaveLesson = { lesson: Lesson; klass: Class; course: Course };

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
/** How far ahead the leave page and options look. */
const HORIZON_DAYS = 60;
const MAX_OPTIONS = 50;

/** "3月9日 周一 18:00". */
export function lessonTimeText(ms: number, tz: string): string {
  const d = dayjs(ms).tz(tz);
  return `${d.month() + 1}月${d.date()}日 ${WEEKDAYS[d.day()] ?? ""} ${d.format("HH:mm")}`;
}


/** "3月9日 周一 18:00 等 2 次" (the first lesson, and how many). */
export function lessonsSummary(list: { lesson: Pick<Lesson, "startsAt"> }[], tz: string): string {
  const sorted = [...list].sort((a, b) => a.lesson.startsAt - b.lesson.startsAt);
  const first = sorted[0];
  if (!first) return "—";
  const text = lessonTimeText(first.lesson.startsAt, tz);
  return sorted.length > 1 ? `${text} 等 ${sorted.length} 次` : text;
}

/** The lessons with their class and course, in time order (missing ids are simply absent). */
export function loadLeaveLessons(ctx: Ctx, lessonIds: number[]): LeaveLesson[] {
  if (lessonIds.length === 0) return [];
  return ctx.db
    .select({ lesson: lessons, klass: classes, course: courses })
    .from(lessons)
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .where(inArray(lessons.id, lessonIds))
    .orderBy(asc(lessons.startsAt), asc(lessons.id))
    .all();
}

/** Lesson ids already named by another pending leave request of the student → that request's id. */
export function pendingLeaveLessons(ctx: Ctx, studentId: number, exceptInstanceId?: number): Map<number, number> {
  const rows = ctx.db
    .select({ id: approvalInstances.id, fields: approvalInstances.fields })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.type, LEAVE_TYPE), eq(approvalInstances.studentId, studentId), eq(approvalInstances.status, "pending")))
    .all();
  const out = new Map<number, number>();
  for (const row of rows) {
    if (row.id === exceptInstanceId) continue;
    const ids = (row.fields as { lessonIds?: unknown }).lessonIds;
    if (!Array.isArray(ids)) continue;
    for (const id of ids) if (typeof id === "number") out.set(id, row.id);
  }
  return out;
}

/** Why a lesson cannot be covered: `taken` (already recorded or asked for: 409) or `invalid` (400). */
export type LeaveRefusal = { kind: "taken" | "invalid"; message: string };

/** Why a lesson cannot be covered by a new leave of the student now (null: it can). */
export function leaveRefusal(ctx: Ctx, studentId: number, l: LeaveLesson, pending: Map<number, number>): LeaveRefusal | null {
  const invalid = (message: string): LeaveRefusal => ({ kind: "invalid", message });
  const when = lessonTimeText(l.lesson.startsAt, ctx.tz);
  if (l.lesson.status === "cancelled") return invalid(`${when} 的课已取消`);
  if (l.lesson.startsAt <= ctx.clock.now()) return invalid(`${when} 的课已开始或已结束，不能再请假`);
  if (!isActiveStudentOfClass(ctx.db, l.klass.id, studentId, businessDate(l.lesson.startsAt, ctx.tz))) return invalid(`${when} 的课不在该学员在读的班级中`);
  const recorded = ctx.db
    .select({ status: attendance.status })
    .from(attendance)
    .where(and(eq(attendance.lessonId, l.lesson.id), eq(attendance.studentId, studentId)))
    .get();
  if (recorded) return { kind: "taken", message: `${when} 的课已有考勤记录，不能再请假` };
  const other = pending.get(l.lesson.id);
  if (other !== undefined) return { kind: "taken", message: `${when} 的课已在另一个请假申请（#${other}）中` };
  return null;
}

export type LeaveOption = LeaveLesson & { text: string };

/** leaveOptionsFor: the student. */
export const leaveOptionsForSchema = z.object({ studentId: idSchema });

/** The student's coming lessons a leave can cover (next 60 days, at most 50), for staff who see them. */
export function leaveOptionsFor({ ctx, input }: { ctx: Ctx; input: z.input<typeof leaveOptionsForSchema> }): LeaveOption[] {
  requirePermission(ctx.actor, "students.read");
  const { studentId } = parseInput(leaveOptionsForSchema, input);
  getStudentInScope(ctx, studentId);
  return comingLeaveOptions({ ctx, input: { studentId } });
}

/** comingLeaveOptions: the student (named by the signed link, or checked by leaveOptionsFor). */
export const comingLeaveOptionsSchema = z.object({ studentId: idSchema });

/** The same list for the guardian's signed page (the link already names the student). */
export function comingLeaveOptions({ ctx, input }: { ctx: Ctx; input: z.input<typeof comingLeaveOptionsSchema> }): LeaveOption[] {
  const { studentId } = parseInput(comingLeaveOptionsSchema, input);
  const now = ctx.clock.now();
  const classIds = ctx.db
    .select({ classId: enrollments.classId })
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.status, "active")))
    .all()
    .map((r) => r.classId);
  if (classIds.length === 0) return [];
  const horizon = now + HORIZON_DAYS * 86_400_000;
  const candidates = ctx.db
    .select({ lesson: lessons, klass: classes, course: courses })
    .from(lessons)
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .where(and(inArray(lessons.classId, classIds), eq(lessons.status, "scheduled"), gt(lessons.startsAt, now)))
    .orderBy(asc(lessons.startsAt), asc(lessons.id))
    .all()
    .filter((l) => l.lesson.startsAt <= horizon);
  const pending = pendingLeaveLessons(ctx, studentId);
  return candidates
    .filter((l) => leaveRefusal(ctx, studentId, l, pending) === null)
    .slice(0, MAX_OPTIONS)
    .map((l) => ({ ...l, text: lessonTimeText(l.lesson.startsAt, ctx.tz) }));
}

