// Small read helpers the request types share for their card rows and checks: names by id (a row that
// is gone reads as "#id" rather than failing a card refresh) and text trimmed to a card's room.
import { and, eq } from "drizzle-orm";
import { approvalInstances, classes, courses, students, type ApprovalInstanceRow } from "../../db/schema";
import { conflict } from "../../core/errors";
import type { Ctx } from "../../core/context";

/** A student's name for a card row. */
export const studentNameOf = (ctx: Ctx, id: number): string =>
  ctx.db.select({ name: students.name }).from(students).where(eq(students.id, id)).get()?.name ?? `#${id}`;

/** A course's name for a card row. */
export const courseNameOf = (ctx: Ctx, id: number): string =>
  ctx.db.select({ name: courses.name }).from(courses).where(eq(courses.id, id)).get()?.name ?? `课程#${id}`;

/** A class's name for a card row. */
export const classNameOf = (ctx: Ctx, id: number): string =>
  ctx.db.select({ name: classes.name }).from(classes).where(eq(classes.id, id)).get()?.name ?? `班级#${id}`;

/** Cuts a text to `max` characters, ending with "…" when cut (card rows have little room). */
export function trimText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * 409 when the student already has a pending request of this type: two open refunds (or suspensions)
 * would be approved against the same hours, and the second would only fail at its last step.
 */
export function requireNoPendingRequest(ctx: Ctx, type: string, studentId: number, label: string): void {
  const open = ctx.db
    .select({ id: approvalInstances.id })
    .from(approvalInstances)
    .where(and(eq(approvalInstances.type, type), eq(approvalInstances.studentId, studentId), eq(approvalInstances.status, "pending")))
    .get();
  if (open) throw conflict(`该学员已有一个进行中的${label}申请（#${open.id}），请等待其结束或撤回后再提交`, { reason: "pending_request", instanceId: open.id });
}

/** The instance a retried submission already created (startApproval answers it again unchanged). */
export function submittedWithKey(ctx: Ctx, requestKey: string | undefined): ApprovalInstanceRow | undefined {
  if (!requestKey) return undefined;
  return ctx.db.select().from(approvalInstances).where(eq(approvalInstances.requestKey, requestKey)).get();
}
