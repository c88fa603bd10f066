// /api/v1/followup-tasks: the follow-up tasks (跟进待办) — mine or all in scope, one with its facts and
// firings, its outcome, reassignment and cancellation.
import { z } from "zod";
import { idSchema } from "../../core/input";
import { cancelBodySchema, followupOutcomeBodySchema, followupTaskListSchema, reassignBodySchema } from "../../domain/followupTasks/followupTaskSchemas";
import { listFollowupTasks } from "../../domain/followupTasks/listFollowupTasks";
import { getFollowupTask } from "../../domain/followupTasks/getFollowupTask";
import { recordFollowupOutcome } from "../../domain/followupTasks/recordFollowupOutcome";
import { reassignFollowupTask } from "../../domain/followupTasks/reassignFollowupTask";
import { cancelFollowupTask } from "../../domain/followupTasks/cancelFollowupTask";
import { presentFollowupTask, presentFollowupTaskDetail, presentFollowupTaskList } from "../presenters/followupTaskPresenter";
import { route, type RouteDef } from "../route";

const params = z.object({ id: idSchema });
const tag = "跟进待办";
const detail = (ctx: Parameters<typeof getFollowupTask>[0]["ctx"], taskId: number) => presentFollowupTaskDetail(getFollowupTask({ ctx, input: { taskId } }));

export const followupTasksRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/followup-tasks",
    tag,
    summary: "跟进待办列表：默认我的（今天到期、已逾期、即将到期）；scope=all 为我所在校区的全部（校长、管理员）",
    query: followupTaskListSchema,
    handler: ({ ctx, query }) => presentFollowupTaskList(listFollowupTasks({ ctx, input: query })),
  }),
  route({
    method: "get",
    path: "/api/v1/followup-tasks/:id",
    tag,
    summary: "一条跟进待办：事实、规则触发时的输入、可选结果与原因",
    params,
    handler: ({ ctx, params }) => detail(ctx, params.id),
  }),
  route({
    method: "post",
    path: "/api/v1/followup-tasks/:id/outcome",
    tag,
    summary: "记录跟进结果（暂不续费、已流失须选原因）；写入学员跟进记录，卡片与钉钉待办同步完成",
    params,
    body: followupOutcomeBodySchema,
    handler: ({ ctx, params, body }) => {
      recordFollowupOutcome({ ctx, input: { ...body, taskId: params.id, via: "app" } });
      return detail(ctx, params.id);
    },
  }),
  route({
    method: "post",
    path: "/api/v1/followup-tasks/:id/reassign",
    tag,
    summary: "转交跟进待办（ownerId 为 null 则不分配）",
    permission: "followups.manage",
    params,
    body: reassignBodySchema,
    handler: ({ ctx, params, body }) => presentFollowupTask(reassignFollowupTask({ ctx, input: { ...body, taskId: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/followup-tasks/:id/cancel",
    tag,
    summary: "取消跟进待办（须填写原因）",
    permission: "followups.manage",
    params,
    body: cancelBodySchema,
    handler: ({ ctx, params, body }) => presentFollowupTask(cancelFollowupTask({ ctx, input: { ...body, taskId: params.id } })),
  }),
];
