// Convenience endpoints for the request types on the approval engine: the refund quote a requester
// sees before asking, and one POST per request type that computes the type's figures (the refund's
// amount, the transfer's value and hours) before starting the flow. Decisions go through
// /api/v1/approval-tasks like every other approval.
import { z } from "zod";
import { hasPermission } from "../../../shared/permissions";
import { quoteRefund } from "../../domain/refunds/quoteRefund";
import { listPendingPayouts } from "../../domain/refunds/pendingPayouts";
import { recordRefundPayout } from "../../domain/refunds/recordPayout";
import { refundPayoutSchema } from "../../domain/refunds/refundSchemas";
import { refundRequestSchema, submitRefundRequest } from "../../domain/refunds/submitRefundRequest";
import { resumeStudent } from "../../domain/suspensions/resumeStudent";
import { submitSuspensionRequest, suspensionRequestSchema } from "../../domain/suspensions/submitSuspensionRequest";
import { transferRequestSchema } from "../../domain/transfers/transferRequestType";
import { submitTransferRequest } from "../../domain/transfers/submitTransferRequest";
import { approvalDetail } from "../../domain/workflow/approvalDetail";
import { idSchema, queryIntSchema } from "../../core/input";
import { presentApprovalDetail } from "../presenters/approvalPresenter";
import { presentStudentDetail } from "../presenters/studentPresenter";
import { route, type RouteDef } from "../route";

const tag = "审批";
const idParams = z.object({ id: idSchema });
const quoteQuery = z.object({ orderId: idSchema.optional(), courseId: idSchema.optional() });
const payoutBody = refundPayoutSchema.omit({ instanceId: true });
const pendingPayoutsQuery = z.object({ limit: queryIntSchema(1, 100).default(20) });
const resumeBody = z.object({ reason: z.string().trim().max(500).optional() }).optional();

export const requestsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/students/:id/refund-quote",
    tag,
    summary: "退费试算：剩余课时的可退金额与明细（可按订单、课程）",
    params: idParams,
    query: quoteQuery,
    handler: ({ ctx, params, query }) => quoteRefund({ ctx, input: { studentId: params.id, orderId: query.orderId, courseId: query.courseId } }),
  }),
  route({
    method: "post",
    path: "/api/v1/refund-requests",
    tag,
    summary: "提交退费申请：金额按提交时的退费试算，班主任 →（超过 500 元）校长 → 财务执行",
    body: refundRequestSchema,
    status: 201,
    handler: ({ ctx, body }) => presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: submitRefundRequest({ ctx, input: body }).id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/refund-requests/:id/payout",
    tag,
    summary: "登记退费打款：审批时选择“先通过，稍后打款”的退费，财务打款后填写方式与流水号（现金可不填）",
    params: idParams,
    body: payoutBody,
    permission: "refunds.execute",
    handler: ({ ctx, params, body }) => {
      recordRefundPayout({ ctx, input: { ...body, instanceId: params.id } });
      return presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: params.id } }));
    },
  }),
  route({
    method: "get",
    path: "/api/v1/refund-payouts/pending",
    tag,
    summary: "待打款的退费（已审批通过、尚未登记打款），按通过时间先后",
    query: pendingPayoutsQuery,
    permission: "refunds.execute",
    handler: ({ ctx, query }) => listPendingPayouts({ ctx, input: { limit: query.limit } }),
  }),
  route({
    method: "post",
    path: "/api/v1/transfer-requests",
    tag,
    summary: "提交转班申请：课时连同剩余价值转入目标课程（可按目标单价折算），班主任 → 教务",
    body: transferRequestSchema,
    status: 201,
    handler: ({ ctx, body }) => presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: submitTransferRequest({ ctx, input: body }).id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/suspension-requests",
    tag,
    summary: "提交休学申请：通过后停课、不计缺勤、课时有效期暂停，班主任 → 教务",
    body: suspensionRequestSchema,
    status: 201,
    handler: ({ ctx, body }) => presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: submitSuspensionRequest({ ctx, input: body }).id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/students/:id/resume",
    tag,
    summary: "复课：结束休学，恢复班级（班级已满或已结课的不恢复，见 notRestored），课时有效期按休学时长顺延（教务、校长、管理员）",
    params: idParams,
    body: resumeBody,
    handler: ({ ctx, params, body }) => {
      const result = resumeStudent({ ctx, input: { studentId: params.id, reason: body?.reason } });
      return { student: presentStudentDetail(result.student, hasPermission(ctx.actor, "guardians.reveal_mobile")), suspendedAt: result.suspendedAt, pausedMs: result.pausedMs, extendedLots: result.extendedLots, restoredEnrollmentIds: result.restoredEnrollmentIds, notRestored: result.notRestored };
    },
  }),
];
