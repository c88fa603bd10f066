// The principal's (校长) figures for their campuses: today's attendance over today's lessons (how many
// students were present, late, on leave, absent, and how many lessons that have ended have no roll call
// yet, by the rule of attendance/unmarkedLessons.ts), and the approval requests started this week (Monday to today) by their state.
import { and, count, eq, gte, inArray, lt, sql, type Column, type SQL } from "drizzle-orm";
import { approvalInstances, attendance, classes, lessons } from "../../db/schema";
import { businessDate, dayjs, endOfBusinessDay, startOfBusinessDay } from "../../core/clock";
import type { Actor, Ctx } from "../../core/context";
import { lessonScopeCondition } from "../scheduling/classScope";
import { APPROVAL_STATUSES, type ApprovalStatus } from "../../../shared/approvals";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../../shared/attendance";
import { isAdmin } from "../../../shared/permissions";
import { unmarkedBetween } from "./unmarkedLessonsBlock";

export type TodayAttendance = {
  /** Today's lessons that are not cancelled. */
  lessons: number;
  /** Of them, those that have ended with no roll call by a person. */
  unmarked: number;
  /** Students recorded per status over today's lessons. */
  byStatus: Record<AttendanceStatus, number>;
};

export function todayAttendanceBlock(ctx: Ctx): TodayAttendance {
  const date = businessDate(ctx.clock.now(), ctx.tz);
  const start = startOfBusinessDay(date, ctx.tz);
  const end = endOfBusinessDay(date, ctx.tz);
  const today = and(lessonScopeCondition(ctx.actor), eq(lessons.status, "scheduled"), gte(lessons.startsAt, start), lt(lessons.startsAt, end));
  const rows = ctx.db
    .select({ status: attendance.status, n: count() })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(today)
    .groupBy(attendance.status)
    .all();
  const byStatus = Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0])) as Record<AttendanceStatus, number>;
  const lessonCount = ctx.db.select({ n: count() }).from(lessons).innerJoin(classes, eq(classes.id, lessons.classId)).where(today).get()?.n ?? 0;
  return { lessons: lessonCount, unmarked: unmarkedBetween(ctx, start, ctx.clock.now(), gte(lessons.startsAt, start)).length, byStatus };
}

/** A condition on a campus id column: admins and the system see every campus, others their own (none: nothing). */
function campusCondition(column: Column, actor: Actor): SQL | undefined {
  if (actor.kind === "system" || isAdmin(actor)) return undefined;
  return actor.campusIds.length > 0 ? inArray(column, actor.campusIds) : sql`0`;
}

export type WeekApprovals = {
  /** Monday of this week (business calendar). */
  from: string;
  total: number;
  byStatus: Record<ApprovalStatus, number>;
};

export function weekApprovalsBlock(ctx: Ctx): WeekApprovals {
  const today = businessDate(ctx.clock.now(), ctx.tz);
  const from = dayjs(today).subtract((dayjs(today).day() + 6) % 7, "day").format("YYYY-MM-DD");
  const rows = ctx.db
    .select({ status: approvalInstances.status, n: count() })
    .from(approvalInstances)
    .where(and(gte(approvalInstances.createdAt, startOfBusinessDay(from, ctx.tz)), campusCondition(approvalInstances.campusId, ctx.actor)))
    .groupBy(approvalInstances.status)
    .all();
  const byStatus = Object.fromEntries(APPROVAL_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0])) as Record<ApprovalStatus, number>;
  return { from, total: rows.reduce((sum, r) => sum + r.n, 0), byStatus };
}
