// One timeline of everything that happened to a student (the 360° profile's 动态): status changes,
// follow-ups, approvals, orders, payments and refunds (for people who may read orders), attendance, and
// the ledger operations attendance does not already show. Newest first, paged by a position cursor:
// each table gives its next rows after the cursor through its student index, and the page is the
// newest of those.
import { and, desc, eq, ne, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { z } from "zod";
import {
  approvalInstances,
  attendance,
  classes,
  courses,
  followups,
  ledgerOps,
  lessons,
  orderRefunds,
  orders,
  payments,
  staff,
  studentStatusChanges,
  type ApprovalStatus,
  type AttendanceChannel,
  type AttendanceStatus,
  type FollowupChannel,
  type LedgerKind,
  type OrderStatus,
  type PaymentMethod,
  type StudentStatus,
} from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { hasPermission } from "../../../shared/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { findRequestType } from "../workflow/requestTypes";
import { studentTimelineInputSchema } from "./studentSchemas";
import type { Page } from "../../core/page";
import { afterCursor, decodeTimelineCursor, encodeTimelineCursor, newestFirst, type TimelineKind, type TimelinePosition } from "./timelineCursor";

type At<K extends TimelineKind, T> = { kind: K; at: number; id: number } & T;

/** One thing that happened, with what its line on the timeline needs. */
export type TimelineEvent =
  | At<"status", { fromStatus: StudentStatus | null; toStatus: StudentStatus; reason: string; actorLabel: string }>
  | At<"followup", { channel: FollowupChannel; content: string; staffName: string | null }>
  | At<"approval", { type: string; label: string; status: ApprovalStatus; requesterLabel: string }>
  | At<"order", { status: OrderStatus; payableFen: number; createdBy: string }>
  | At<"payment", { orderId: number; amountFen: number; method: PaymentMethod; recordedBy: string }>
  | At<"refund", { orderId: number; amountFen: number; reason: string }>
  | At<"attendance", { lessonId: number; status: AttendanceStatus; channel: AttendanceChannel; className: string; lessonStartsAt: number; deductedHours: number | null }>
  | At<"ledger", { accountId: number; ledgerKind: LedgerKind; hours: number; courseName: string; reason: string }>;

type Query = { studentId: number; cursor: TimelinePosition | undefined; limit: number };

/** The student's rows of one kind after the cursor, newest first. */
const rowsAfter = (q: Query, kind: TimelineKind, student: SQLiteColumn, at: SQLiteColumn, id: SQLiteColumn, extra?: SQL) => ({
  where: and(eq(student, q.studentId), afterCursor(q.cursor, kind, at, id), extra),
  order: [desc(at), desc(id)],
});

function statusEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "status", studentStatusChanges.studentId, studentStatusChanges.at, studentStatusChanges.id);
  return ctx.db
    .select()
    .from(studentStatusChanges)
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "status", at: r.at, id: r.id, fromStatus: r.fromStatus, toStatus: r.toStatus, reason: r.reason, actorLabel: r.actorLabel }));
}

function followupEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "followup", followups.studentId, followups.at, followups.id);
  return ctx.db
    .select({ row: followups, staffName: staff.name })
    .from(followups)
    .leftJoin(staff, eq(staff.id, followups.staffId))
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map(({ row, staffName }) => ({ kind: "followup", at: row.at, id: row.id, channel: row.channel, content: row.content, staffName }));
}

function approvalEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "approval", approvalInstances.studentId, approvalInstances.createdAt, approvalInstances.id);
  return ctx.db
    .select({ id: approvalInstances.id, at: approvalInstances.createdAt, type: approvalInstances.type, status: approvalInstances.status, requesterLabel: approvalInstances.requesterLabel })
    .from(approvalInstances)
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "approval", ...r, label: findRequestType(r.type)?.label ?? r.type }));
}

function orderEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "order", orders.studentId, orders.createdAt, orders.id);
  return ctx.db
    .select({ id: orders.id, at: orders.createdAt, status: orders.status, payableFen: orders.payableFen, createdBy: orders.createdByLabel })
    .from(orders)
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "order", ...r }));
}

function paymentEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "payment", payments.studentId, payments.paidAt, payments.id);
  return ctx.db
    .select({ id: payments.id, at: payments.paidAt, orderId: payments.orderId, amountFen: payments.amountFen, method: payments.method, recordedBy: payments.recordedByLabel })
    .from(payments)
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "payment", ...r }));
}

function refundEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "refund", orderRefunds.studentId, orderRefunds.at, orderRefunds.id);
  return ctx.db
    .select({ id: orderRefunds.id, at: orderRefunds.at, orderId: orderRefunds.orderId, amountFen: orderRefunds.amountFen, reason: orderRefunds.reason })
    .from(orderRefunds)
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "refund", ...r }));
}

/** When the status was last set is when it happened (a leave recorded ahead of the lesson, an absence after it). */
function attendanceEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "attendance", attendance.studentId, attendance.recordedAt, attendance.id);
  return ctx.db
    .select({
      id: attendance.id,
      at: attendance.recordedAt,
      lessonId: attendance.lessonId,
      status: attendance.status,
      channel: attendance.channel,
      className: classes.name,
      lessonStartsAt: lessons.startsAt,
      deductedHours: ledgerOps.hours,
    })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .leftJoin(ledgerOps, eq(ledgerOps.id, attendance.ledgerOpId))
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "attendance", ...r, deductedHours: r.deductedHours === null ? null : -r.deductedHours }));
}

/** Ledger operations, except attendance's own deductions (the attendance line shows them). */
function ledgerEvents(ctx: Ctx, q: Query): TimelineEvent[] {
  const w = rowsAfter(q, "ledger", ledgerOps.studentId, ledgerOps.at, ledgerOps.id, ne(ledgerOps.refType, "attendance"));
  return ctx.db
    .select({ id: ledgerOps.id, at: ledgerOps.at, accountId: ledgerOps.accountId, ledgerKind: ledgerOps.kind, hours: ledgerOps.hours, courseName: courses.name, reason: ledgerOps.reason })
    .from(ledgerOps)
    .innerJoin(courses, eq(courses.id, ledgerOps.courseId))
    .where(w.where)
    .orderBy(...w.order)
    .limit(q.limit)
    .all()
    .map((r) => ({ kind: "ledger", ...r }));
}

/** A page of the student's timeline (404 outside the actor's scope). */
export function studentTimeline({ ctx, input }: { ctx: Ctx; input: z.input<typeof studentTimelineInputSchema> }): Page<TimelineEvent, string> {
  requirePermission(ctx.actor, "students.read");
  const { studentId, limit, cursor } = parseInput(studentTimelineInputSchema, input);
  getStudentInScope(ctx, studentId);
  const q: Query = { studentId, cursor: cursor === undefined ? undefined : decodeTimelineCursor(cursor), limit: limit + 1 };
  const sources = [statusEvents, followupEvents, approvalEvents, attendanceEvents, ledgerEvents];
  if (hasPermission(ctx.actor, "orders.read")) sources.push(orderEvents, paymentEvents, refundEvents);
  const merged = sources.flatMap((source) => source(ctx, q)).sort(newestFirst);
  const items = merged.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: merged.length > limit && last ? encodeTimelineCursor(last) : null };
}
