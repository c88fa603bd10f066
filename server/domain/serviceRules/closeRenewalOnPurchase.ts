// A paid order that credits hours in a course closes the student's open renewal follow-up for it by
// itself (已续费): the advisor's card and todo show it, and nobody chases a family that already paid.
import { and, eq } from "drizzle-orm";
import { followupTasks, hourAccounts } from "../../db/schema";
import { systemActor, type Ctx } from "../../core/context";
import { recordFollowupOutcome } from "../followupTasks/recordFollowupOutcome";

/** Called where an order item's purchase is credited (creditOrderItems), in its transaction. */
export function closeRenewalOnPurchase(ctx: Ctx, input: { studentId: number; courseId: number; orderId: number }): void {
  const open = ctx.db
    .select({ id: followupTasks.id })
    .from(followupTasks)
    .innerJoin(hourAccounts, eq(hourAccounts.id, followupTasks.accountId))
    .where(and(eq(hourAccounts.studentId, input.studentId), eq(hourAccounts.courseId, input.courseId), eq(followupTasks.kind, "renewal"), eq(followupTasks.state, "open")))
    .all();
  for (const task of open) {
    recordFollowupOutcome({ ctx: { ...ctx, actor: systemActor("order") }, input: { taskId: task.id, outcome: "renewed", note: `订单 #${input.orderId} 已付款`, via: "system" } });
  }
}
