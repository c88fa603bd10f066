// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { APPROVAL_STATUSES, approvalInstances } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { pageSchema, type Page } from "../../core/page";
import { type ApprovalSummary, listInstances } from "./approvalViews";

export const myRequestsSchema = pageSchema.extend({ status: z.enum(APPROVAL_STATUSES).optional() });

/** The requests the actor submitted, newest first; only those in one state when `status` is given. */
export function myRequests({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof myRequestsSchema> }): Page<ApprovalSummary> {
  const input = parseInput(myRequestsSchema, raw);
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : -1;
  const where = [eq(approvalInstances.requesterStaffId, staffId)];
  if (input.status !== undefined) where.push(eq(approvalInstances.status, input.status));
  return listInstances(ctx, where, input);
}
