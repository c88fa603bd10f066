// Finance records a refund's payout made after approval (待打款 → 已打款): how it was paid, the
// reference (流水号; only cash may go without), when. The approval's refund rows get their payout
// columns, the request's fields and timeline say so. Paying twice is a 409.
import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { orderRefunds, type ApprovalInstanceRow } from "../../db/schema";
import { conflict, notFound, preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { addTimeline, getInstance, updateInstance } from "../workflow/approvalRecords";
import { PAYOUT_METHOD_TEXT, REFERENCE_REQUIRED, refundPayoutSchema } from "./refundSchemas";
import { REFUND_TYPE, type RefundFields } from "./refundRequestType";

export function recordRefundPayout({ ctx, input }: { ctx: Ctx; input: z.input<typeof refundPayoutSchema> }): ApprovalInstanceRow {
  requirePermission(ctx.actor, "refunds.execute");
  const data = parseInput(refundPayoutSchema, input);
  return inTransaction(ctx, (tx) => {
    const instance = getInstance(tx, data.instanceId);
    if (instance.type !== REFUND_TYPE || instance.studentId === null) throw notFound("退费申请");
    getStudentInScope(tx, instance.studentId);
    const fields = instance.fields as RefundFields;
    if (instance.status !== "approved" || fields.payoutStatus === undefined) throw preconditionFailed("退费尚未审批通过，不能登记打款", { status: instance.status });
    if (fields.payoutStatus === "paid") throw conflict("这笔退费已登记打款", { payoutReference: fields.payoutReference ?? null });
    const method = data.payoutMethod ?? fields.payoutMethod;
    if (method !== "cash" && data.reference === "") throw validationError([{ path: "reference", message: REFERENCE_REQUIRED }]);
    const now = tx.clock.now();
    if (data.paidAt !== undefined && data.paidAt > now) throw validationError([{ path: "paidAt", message: "打款时间不能晚于现在" }]);
    const paidAt = data.paidAt ?? now;
    const paidByLabel = actorColumns(tx.actor).actorLabel;
    const ids = fields.orderRefundIds ?? [];
    const paid = ids.length === 0
      ? []
      : tx.db
          .update(orderRefunds)
          .set({ payoutStatus: "paid", payoutMethod: method, payoutReference: data.reference || null, paidAt, paidByLabel })
          .where(and(inArray(orderRefunds.id, ids), eq(orderRefunds.payoutStatus, "pending")))
          .returning({ id: orderRefunds.id })
          .all();
    const updated = updateInstance(tx, instance.id, {
      fields: { ...fields, payoutMethod: method, payoutStatus: "paid", ...(data.reference ? { payoutReference: data.reference } : {}) } satisfies RefundFields,
    });
    addTimeline(tx, { instanceId: instance.id, action: "effect_applied", comment: `已打款：${PAYOUT_METHOD_TEXT[method]}${data.reference ? ` ${data.reference}` : ""}` });
    recordAudit(tx, {
      action: "refund.payout",
      entityType: "approval_instance",
      entityId: instance.id,
      details: { method, reference: data.reference || null, paidAt, orderRefundIds: paid.map((r) => r.id) },
    });
    return updated;
  });
}
