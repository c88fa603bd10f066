// Input schemas of the refund verbs, shared by the verbs (which parse) and the routes and the approval
// flow (which document and store them).
import { z } from "zod";
import { fenSchema, idSchema } from "../../core/input";

/** Which remaining lots a refund covers: one order's, one course's, or (neither given) all the student's. */
export const refundScopeSchema = z.object({
  studentId: idSchema,
  orderId: idSchema.optional(),
  courseId: idSchema.optional(),
});

export const REFUND_PAYOUT_METHODS = ["cash", "bank_transfer", "wechat", "alipay", "original"] as const;
export type RefundPayoutMethod = (typeof REFUND_PAYOUT_METHODS)[number];

export const PAYOUT_METHOD_TEXT: Record<RefundPayoutMethod, string> = {
  cash: "现金",
  bank_transfer: "银行转账",
  wechat: "微信",
  alipay: "支付宝",
  original: "原路退回",
};

export const refundExecuteSchema = refundScopeSchema
  .extend({
    /** The amount the approvers approved (the quote's amountFen): execution refuses if it changed since. */
    expectedAmountFen: fenSchema,
    payoutMethod: z.enum(REFUND_PAYOUT_METHODS),
    /** The payout's transaction / transfer number or receipt number; may be empty only for cash, or when paid later. */
    reference: z.string().trim().max(100).default(""),
    /** Booked now, the money sent later (待打款): the refund rows wait for recordRefundPayout. */
    payLater: z.boolean().default(false),
    /** The client's key: a retried execution returns the first result and writes nothing. */
    idempotencyKey: z.string().trim().min(8).max(100),
  })
  .superRefine((v, ctx) => {
    if (!v.payLater && v.payoutMethod !== "cash" && v.reference === "") {
      ctx.addIssue({ code: "custom", path: ["reference"], message: REFERENCE_REQUIRED });
    }
  });

/** Why a payout without a reference is refused (non-cash), shared by execution and payout recording. */
export const REFERENCE_REQUIRED = "请填写退款流水号或转账单号";

/** Recording a payout made after approval (待打款 → 已打款). */
export const refundPayoutSchema = z
  .object({
    instanceId: idSchema,
    /** How it was actually paid (default: the method the request named). */
    payoutMethod: z.enum(REFUND_PAYOUT_METHODS).optional(),
    reference: z.string().trim().max(100).default(""),
    /** When the money was sent (default now); not in the future. */
    paidAt: z.number().int().positive().optional(),
  });
