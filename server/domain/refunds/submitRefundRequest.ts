// Submitting a refund request (退费): the requester names the scope, the reason and the payout method;
// the amount and its breakdown are quoted now and stored in the request, so every approver sees the
// same figures.
import { z } from "zod";
import type { ApprovalInstanceRow } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { computeRefundQuote } from "./quoteRefund";
import { REFUND_PAYOUT_METHODS, refundScopeSchema } from "./refundSchemas";
import { parseInput, textSchema } from "../../core/input";
import { startApproval } from "../workflow/startApproval";
import { requireNoPendingRequest, submittedWithKey } from "../workflow/requestFacts";
import { REFUND_TYPE, type RefundFields } from "./refundRequestType";

/** What the requester sends: the scope, why, how the money goes back. */
export const refundRequestSchema = refundScopeSchema.extend({
  reason: textSchema(500),
  payoutMethod: z.enum(REFUND_PAYOUT_METHODS).default("original"),
  requestKey: z.string().trim().min(8).max(100).optional(),
});

export type RefundRequestInput = z.input<typeof refundRequestSchema>;

/**
 * Submits a refund request: quotes the scope now (404 out of scope, 409 nothing refundable or owed
 * hours, 409 another refund of the student still pending) and starts the flow with those figures.
 */
export function submitRefundRequest({ ctx, input }: { ctx: Ctx; input: RefundRequestInput }): ApprovalInstanceRow {
  requirePermission(ctx.actor, "orders.read");
  const data = parseInput(refundRequestSchema, input);
  return inTransaction(ctx, (tx) => {
    const replay = submittedWithKey(tx, data.requestKey);
    if (replay) return startApproval({ ctx: tx, input: { type: REFUND_TYPE, studentId: data.studentId, fields: replay.fields as Record<string, unknown>, requestKey: data.requestKey } });
    getStudentInScope(tx, data.studentId);
    requireNoPendingRequest(tx, REFUND_TYPE, data.studentId, "退费");
    const quote = computeRefundQuote(tx, { studentId: data.studentId, orderId: data.orderId, courseId: data.courseId });
    const fields: RefundFields = {
      studentId: data.studentId,
      ...(data.orderId !== undefined ? { orderId: data.orderId } : {}),
      ...(data.courseId !== undefined ? { courseId: data.courseId } : {}),
      amountFen: quote.amountFen,
      grossFen: quote.grossFen,
      feeFen: quote.feeFen,
      lines: quote.lines,
      reason: data.reason,
      payoutMethod: data.payoutMethod,
    };
    return startApproval({ ctx: tx, input: { type: REFUND_TYPE, studentId: data.studentId, fields, requestKey: data.requestKey } });
  });
}
