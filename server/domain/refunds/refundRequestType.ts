// 退费 on the approval engine. The requester only names the scope (a course, an
// order, or everything), the reason and the payout method; the amount and its breakdown come from
// computeRefundQuote at submission and are stored in the fields, so every approver sees the same
// figures and the `amountFen > 50000` condition reads the real amount. The flow's last step (finance)
// executes the refund as its approver: executeRefund recomputes the quote and refuses (409) if the
// amount moved since submission — e.g. hours were consumed meanwhile — which rolls the approval back;
// the requester then withdraws and resubmits with the new figures.
import { z } from "zod";
import { forbidden, ServiceError } from "../../core/errors";
import { hasPermission } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";
import { executeRefund } from "./executeRefund";
import { PAYOUT_METHOD_TEXT, REFUND_PAYOUT_METHODS } from "./refundSchemas";
import { yuanText } from "./refundText";
import { fenSchema, idSchema, textSchema } from "../../core/input";
import type { RequestType, TypedInstance } from "../workflow/requestType";
import { courseNameOf, studentNameOf, trimText } from "../workflow/requestFacts";

export const REFUND_TYPE = "refund";

/** The stored fields: the scope and the quote's figures at submission. */
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
  payoutMethod: z.enum(REFUND_PAYOUT_METHODS).default("original"),
  /** The bank or payment reference finance enters when executing (absent: the approval's own). */
  payoutReference: z.string().trim().min(1).max(100).optional(),
});
/** What finance adds when approving the last step: the transfer's reference (流水号). */
const refundDecisionFieldsSchema = z.object({
  payoutReference: z.string().trim().min(1, "请填写退款流水号").max(100, "流水号最多 100 个字符"),
});
export type RefundFields = z.output<typeof refundFieldsSchema>;

const DETAIL_MAX = 120;

/** The payout's reference written on the order refund rows: it names the approval. */
export const refundReference = (instanceId: number) => `XG-RF-${instanceId}`;

function scopeText(ctx: Ctx, f: RefundFields): string {
  const parts = [f.courseId !== undefined ? courseNameOf(ctx, f.courseId) : null, f.orderId !== undefined ? `订单 #${f.orderId}` : null].filter(
    (p): p is string => p !== null,
  );
  return parts.length > 0 ? parts.join(" · ") : "全部剩余课时";
}

function executeApproved(ctx: Ctx, instance: TypedInstance<RefundFields>): void {
  const f = instance.fields;
  if (!hasPermission(ctx.actor, "refunds.execute")) {
    throw forbidden("退费须由有退费执行权限的人（财务、校长或管理员）在最后一步审批，请联系管理员调整退费审批流程");
  }
  try {
    executeRefund({
      ctx,
      input: {
        studentId: f.studentId,
        orderId: f.orderId,
        courseId: f.courseId,
        expectedAmountFen: f.amountFen,
        payoutMethod: f.payoutMethod,
        reference: f.payoutReference ?? refundReference(instance.id),
        idempotencyKey: `approval-${instance.id}`,
      },
    });
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
    return {
      title: `退费 ${yuanText(f.amountFen)}`,
      rows: [
        { key: "学员", value: studentNameOf(ctx, f.studentId) },
        { key: "范围", value: scopeText(ctx, f) },
        { key: "应退", value: `${yuanText(f.amountFen)}（${PAYOUT_METHOD_TEXT[f.payoutMethod]}）` },
        { key: "手续费", value: yuanText(f.feeFen) },
        { key: "明细", value: trimText(f.lines.join("；"), DETAIL_MAX) },
        { key: "事由", value: trimText(f.reason, DETAIL_MAX) },
      ],
    };
  },
  onApproved: executeApproved,
};

