// /api/v1/approval-definitions, /api/v1/approvals, /api/v1/approval-tasks: flows as data, requests,
// and the decisions approvers make in the mini-app (cards reach the same verbs through callbacks).
import { z } from "zod";
import { notFound } from "../../core/errors";
import { definitionOf, latestDefinition, shippedDefinition } from "../../domain/workflow/activeDefinition";
import { decideTask } from "../../domain/workflow/decideTask";
import { definitionVersions } from "../../domain/workflow/definitionVersions";
import { studentApprovals } from "../../domain/workflow/studentApprovals";
import { myRequests, myRequestsSchema } from "../../domain/workflow/myRequests";
import { myTasks } from "../../domain/workflow/myTasks";
import { approvalDetail } from "../../domain/workflow/approvalDetail";
import { saveDefinition } from "../../domain/workflow/saveDefinition";
import { flowDefinitionSchema } from "../../domain/workflow/flowDefinitionSchema";
import { startApprovalSchema } from "../../domain/workflow/startApproval";
import { submitApproval } from "../../domain/workflow/submitApproval";
import { withdrawApproval } from "../../domain/workflow/withdrawApproval";
import { requestTypeOf } from "../../domain/workflow/requestTypes";
import { idSchema } from "../../core/input";
import { pageSchema } from "../../core/page";
import { presentApprovalDetail, presentApprovalSummary, presentDefinition, presentMyTask } from "../presenters/approvalPresenter";
import { route, type RouteDef } from "../route";

const tag = "审批";
const idParams = z.object({ id: idSchema });
const keyParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "流程 key 应为小写字母、数字、下划线") });
const decisionBody = z.object({
  decision: z.enum(["approve", "reject"]),
  comment: z.string().trim().max(500).optional(),
  /** Facts added with an approval (a refund's `payoutReference` at finance's step). */
  fields: z.record(z.string(), z.unknown()).optional(),
});
const withdrawBody = z.object({ reason: z.string().trim().max(500).optional() }).optional();
const tasksQuery = pageSchema.extend({ mine: z.literal("1").default("1"), status: z.enum(["pending", "done"]).default("pending") });

export const approvalsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/approval-definitions/:key",
    tag,
    summary: "审批流程的当前版本（未保存过时为内置默认）及历史版本",
    params: keyParams,
    handler: ({ ctx, params }) => {
      requestTypeOf(params.key);
      const latest = latestDefinition({ ctx, input: { key: params.key } });
      const shipped = shippedDefinition(params.key);
      if (!latest && !shipped) throw notFound("审批流程");
      const current = latest ? presentDefinition(params.key, latest.row, latest.definition) : presentDefinition(params.key, null, shipped as NonNullable<typeof shipped>);
      return { ...current, versions: definitionVersions({ ctx, input: { key: params.key } }) };
    },
  }),
  route({
    method: "put",
    path: "/api/v1/approval-definitions/:key",
    tag,
    summary: "保存审批流程的新版本（管理员）；进行中的审批仍按原版本",
    params: keyParams,
    // Only admins define flows: someone else is refused before their draft is read.
    permission: "approvals.define",
    body: flowDefinitionSchema,
    handler: ({ ctx, params, body }) => {
      const row = saveDefinition({ ctx, input: { key: params.key, definition: body } });
      const { definition } = definitionOf(row);
      return presentDefinition(params.key, row, definition);
    },
  }),
  route({
    method: "post",
    path: "/api/v1/approvals",
    tag,
    summary: "提交审批申请（学员须在提交人的数据范围内）",
    body: startApprovalSchema,
    status: 201,
    handler: ({ ctx, body }) => presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: submitApproval({ ctx, input: body }).id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/approvals",
    tag,
    summary: "我提交的审批（最新在前，可按状态筛选）",
    query: myRequestsSchema,
    handler: ({ ctx, query }) => {
      const page = myRequests({ ctx, input: query });
      return { items: page.items.map(presentApprovalSummary), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "get",
    path: "/api/v1/approvals/:id",
    tag,
    summary: "审批详情：字段、步骤、任务、时间线",
    params: idParams,
    handler: ({ ctx, params }) => presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/approvals/:id/withdraw",
    tag,
    summary: "撤回审批（申请人或管理员，审批结束前）",
    params: idParams,
    body: withdrawBody,
    handler: ({ ctx, params, body }) => {
      withdrawApproval({ ctx, input: { instanceId: params.id, reason: body?.reason } });
      return presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: params.id } }));
    },
  }),
  route({
    method: "get",
    path: "/api/v1/students/:id/approvals",
    tag,
    summary: "学员相关的审批",
    params: idParams,
    query: pageSchema,
    handler: ({ ctx, params, query }) => {
      const page = studentApprovals({ ctx, input: { ...query, studentId: params.id } });
      return { items: page.items.map(presentApprovalSummary), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "get",
    path: "/api/v1/approval-tasks",
    tag,
    summary: "我的审批任务（默认待处理），含待处理数量",
    query: tasksQuery,
    handler: ({ ctx, query }) => {
      const page = myTasks({ ctx, input: query });
      return { items: page.items.map(presentMyTask), nextCursor: page.nextCursor, pendingCount: page.pendingCount };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/approval-tasks/:id/decision",
    tag,
    summary: "同意或驳回我的审批任务",
    params: idParams,
    body: decisionBody,
    handler: ({ ctx, params, body }) => {
      const result = decideTask({ ctx, input: { taskId: params.id, decision: body.decision, comment: body.comment, fields: body.fields, via: "app" } });
      return presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: result.instance.id } }));
    },
  }),
];
