// The course's leave limit per term (courses.leaveLimitPerTerm): approved leaves of a student for a
// course within the term (terms table, business dates, inclusive) that contains the lesson; with no
// term covering the date, within the student's enrolment in the lesson's class. Checked at submission
// (counting other pending requests too, so two requests cannot each pass) and again at the final
// approval (counting only what is recorded), where a refusal rolls the approval back.
import { and, eq, gte, lte } from "drizzle-orm";
import { businessDate } from "../../core/clock";
import { attendance, classes, enrollments, lessons, terms } from "../../db/schema";
import { conflict } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { loadLeaveLessons, pendingLeaveLessons, type LeaveLesson } from "./leaveLessons";

type Period = { key: string; from: string; to: string; label: string; classId: number | null };

function periodOf(ctx: Ctx, studentId: number, l: LeaveLesson): Period {
  const date = businessDate(l.lesson.startsAt, ctx.tz);
  const term = ctx.db.select().from(terms).where(and(lte(terms.startDate, date), gte(terms.endDate, date))).orderBy(terms.startDate).get();
  if (term) return { key: `term:${term.id}`, from: term.startDate, to: term.endDate, label: `本学期（${term.name}）`, classId: null };
  const enrolment = ctx.db
    .select({ fromDate: enrollments.fromDate })
    .from(enrollments)
    .where(and(eq(enrollments.classId, l.klass.id), eq(enrollments.studentId, studentId)))
    .get();
  return { key: `class:${l.klass.id}`, from: enrolment?.fromDate ?? "0000-01-01", to: "9999-12-31", label: `在读期间（${l.klass.name}）`, classId: l.klass.id };
}

const inPeriod = (ctx: Ctx, p: Period, l: LeaveLesson) => {
  if (p.classId !== null && l.klass.id !== p.classId) return false;
  const date = businessDate(l.lesson.startsAt, ctx.tz);
  return date >= p.from && date <= p.to;
};

/** Leaves recorded (attendance `leave`) for the student in the course and period, except `except`. */
function recordedLeaves(ctx: Ctx, studentId: number, courseId: number, p: Period, except: Set<number>): number {
  const rows = ctx.db
    .select({ lessonId: lessons.id, startsAt: lessons.startsAt, classId: lessons.classId })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(and(eq(attendance.studentId, studentId), eq(attendance.status, "leave"), eq(classes.courseId, courseId)))
    .all();
  return rows.filter((r) => {
    if (except.has(r.lessonId)) return false;
    if (p.classId !== null && r.classId !== p.classId) return false;
    const date = businessDate(r.startsAt, ctx.tz);
    return date >= p.from && date <= p.to;
  }).length;
}

/**
 * 409 when the lessons would take the student over a course's leave limit in a period. `stage`
 * `submit` also counts the student's other pending leave requests; `approve` counts only recorded leaves.
 */
export function requireWithinLeaveLimit(ctx: Ctx, input: { studentId: number; lessons: LeaveLesson[]; stage: "submit" | "approve"; instanceId?: number }): void {
  const groups = new Map<string, { period: Period; course: LeaveLesson["course"]; lessons: LeaveLesson[] }>();
  for (const l of input.lessons) {
    if (l.course.leaveLimitPerTerm === null) continue;
    const period = periodOf(ctx, input.studentId, l);
    const key = `${l.course.id}|${period.key}`;
    const group = groups.get(key) ?? { period, course: l.course, lessons: [] };
    group.lessons.push(l);
    groups.set(key, group);
  }
  if (groups.size === 0) return;
  const own = new Set(input.lessons.map((l) => l.lesson.id));
  const pendingOthers = input.stage === "submit" ? loadLeaveLessons(ctx, [...pendingLeaveLessons(ctx, input.studentId, input.instanceId).keys()].filter((id) => !own.has(id))) : [];
  for (const { period, course, lessons: mine } of groups.values()) {
    const limit = course.leaveLimitPerTerm ?? 0;
    const recorded = recordedLeaves(ctx, input.studentId, course.id, period, own);
    const pending = pendingOthers.filter((l) => l.course.id === course.id && inPeriod(ctx, period, l)).length;
    if (recorded + pending + mine.length <= limit) continue;
    const head = period.classId === null ? `本学期请假已达上限（${limit} 次）` : `在读期间请假已达上限（${limit} 次）`;
    const pendingText = pending > 0 ? `，另有 ${pending} 次待审批` : "";
    throw conflict(`${head}：「${course.name}」${period.label}已请假 ${recorded} 次${pendingText}，本次申请 ${mine.length} 次`, {
      reason: "leave_limit",
      courseId: course.id,
      limit,
      recorded,
      pending,
      requested: mine.length,
    });
  }
}
