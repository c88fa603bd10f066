// 退费 on the approval engine. The requester only names the scope (a course, an
// order, or everything), the reason and the payout method; the amount and its breakdown come from
// computeRefundQuote at submission and are stored in the fields, so every approver sees the same
// figures and the `amountFen > 50000` condition reads the real amount. The flow's last step (finance)
// executes the refund as its approver: executeRefund recomputes the quote and refuses (409) if the
// amount moved since submission — e.g. hours were consumed meanwhile — which rolls the approval back;
// the requester then withdraws and resubmits with the new figures.
import { z } from "zod";
import { forbidden, ServiceError, validationError } from "../../core/errors";
import { hasPermission } from "../../../shared/permissions";
import { formatMoney } from "../../../shared/money";
import { PAYOUT_STATUSES } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { executeRefund } from "./executeRefund";
import { PAYOUT_METHOD_TEXT, REFERENCE_REQUIRED, REFUND_PAYOUT_METHODS } from "./refundSchemas";
import { fenSchema, idSchema, textSchema } from "../../core/input";
import type { RequestType, TypedInstance } from "../workflow/requestType";
import { courseNameOf, studentNameOf, trimText } from "../workflow/requestFacts";

export const REFUND_TYPE = "refund";

/** The stored fields: the scope and the quote's figures at submission, then the payout as finance books it. */
export const refundFieldsSchema = z.object({
  studentId: idSchema,
  orderId: idSchema.optional(),
  courseId: idSchema.optional(),
  /** What is paid back (gross − fee): the figure approved, and checked again at execution. */
  amountFen: fenSchema,
  grossFen: fenSchema,
  feeFen: fenSchema,
  /** The quote's breakdown lines, as the approvers saw them. */
  lines: z.array(z.string().max(300)).max(50).default([]),
  reason: textSchema(500),
  /** How the money goes back: the requester's choice, which finance may correct when paying. */
  payoutMethod: z.enum(REFUND_PAYOUT_METHODS).default("original"),
  /** The bank or payment reference (流水号) finance entered. */
  payoutReference: z.string().trim().min(1).max(100).optional(),
  /** Finance approved first and pays later (待打款). */
  payLater: z.boolean().optional(),
  /** Set once executed: the order refund rows, and whether the money has been sent. */
  orderRefundIds: z.array(idSchema).optional(),
  payoutStatus: z.enum(PAYOUT_STATUSES).optional(),
});
/**
 * What finance adds when approving the last step: the payout as made (method and 流水号), or
 * `payLater` (先通过，稍后打款). Only that step may bring them (decisionForm.ts).
 */
const refundDecisionFieldsSchema = z.object({
  payoutMethod: z.enum(REFUND_PAYOUT_METHODS, { error: `退款方式应为 ${REFUND_PAYOUT_METHODS.join("、")} 之一` }).optional(),
  payoutReference: z.string().trim().min(1, "请填写退款流水号").max(100, "流水号最多 100 个字符").optional(),
  payLater: z.boolean().optional(),
});
export type RefundFields = z.output<typeof refundFieldsSchema>;

/** The payout's reference an old approval wrote on its refund rows: it names the approval. */
export const refundReference = (instanceId: number) => `XG-RF-${instanceId}`;

function scopeText(ctx: Ctx, f: RefundFields): string {
  const parts = [f.courseId !== undefined ? courseNameOf(ctx, f.courseId) : null, f.orderId !== undefined ? `订单 #${f.orderId}` : null].filter(
    (p): p is string => p !== null,
  );
  return parts.length > 0 ? parts.join(" · ") : "全部剩余课时";
}

/** "待打款", "已打款 · 微信 WX123". */
function payoutText(f: RefundFields): string | null {
  if (f.payoutStatus === undefined) return null;
  if (f.payoutStatus === "pending") return "待打款";
  return `已打款 · ${PAYOUT_METHOD_TEXT[f.payoutMethod]}${f.payoutReference ? ` ${f.payoutReference}` : ""}`;
}

/** Books the refund as finance approves; returns the rows written and the payout status, kept on the request. */
function executeApproved(ctx: Ctx, instance: TypedInstance<RefundFields>): { fields: Partial<RefundFields> } {
  const f = instance.fields;
  if (!hasPermission(ctx.actor, "refunds.execute")) {
    throw forbidden("退费须由有退费执行权限的人（财务、校长或管理员）在最后一步审批，请联系管理员调整退费审批流程");
  }
  const payLater = f.payLater === true;
  // Never booked as paid blind: a non-cash payout needs its real reference, or is marked 待打款.
  if (!payLater && f.payoutMethod !== "cash" && f.payoutReference === undefined) {
    throw validationError([{ path: "fields.payoutReference", message: `${REFERENCE_REQUIRED}，或选择“先通过，稍后打款”` }]);
  }
  try {
    const result = executeRefund({
      ctx,
      input: {
        studentId: f.studentId,
        orderId: f.orderId,
        courseId: f.courseId,
        expectedAmountFen: f.amountFen,
        payoutMethod: f.payoutMethod,
        reference: payLater ? "" : (f.payoutReference ?? ""),
        payLater,
        idempotencyKey: `approval-${instance.id}`,
      },
    });
    return { fields: { orderRefundIds: result.orders.map((o) => o.orderRefundId), payoutStatus: result.payoutStatus } };
  } catch (err) {
    if (!(err instanceof ServiceError) || (err.code !== "CONFLICT" && err.code !== "PRECONDITION_FAILED")) throw err;
    throw new ServiceError(err.code, `${err.message}。本次审批未生效，请撤回该申请并重新提交退费申请`, { ...err.details, resubmit: true });
  }
}

export const refundRequestType: RequestType<RefundFields> = {
  type: REFUND_TYPE,
  label: "退费",
  submitPath: "/api/v1/refund-requests",
  decisionFields: refundDecisionFieldsSchema,
  fieldsSchema: refundFieldsSchema,
  conditionFields: ["amountFen"],
  requestPermission: "orders.read",
  describe: (ctx, instance) => {
    const f = instance.fields;
    const payout = payoutText(f);
    return {
      title: `退费 ${formatMoney(f.amountFen)}`,
      rows: [
        { key: "学员", value: studentNameOf(ctx, f.studentId) },
        { key: "应退", value: f.feeFen > 0 ? `${formatMoney(f.amountFen)}（手续费 ${formatMoney(f.feeFen)}）` : formatMoney(f.amountFen) },
        { key: "退款方式", value: PAYOUT_METHOD_TEXT[f.payoutMethod] },
        ...(payout ? [{ key: "打款", value: payout }] : []),
        { key: "范围", value: scopeText(ctx, f) },
        // Never cut mid-figure: a card that cannot show it all says where it is.
        { key: "明细", value: f.lines.join("；") || "—", overflow: "明细见详情" },
        { key: "事由", value: trimText(f.reason, 120) },
      ],
    };
  },
  onApproved: executeApproved,
};
