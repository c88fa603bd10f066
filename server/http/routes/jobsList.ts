// GET /api/v1/jobs: the scheduled jobs, their schedules, last runs and next due times (admins), for the
// settings screen beside run-now.
import { listJobs } from "../../domain/operations/listJobs";
import type { AppDeps } from "../appDeps";
import { route, type RouteDef } from "../route";

export function jobsListRoutes(deps: AppDeps): RouteDef[] {
  return [
    route({
      method: "get",
      path: "/api/v1/jobs",
      tag: "系统任务",
      summary: "定时任务列表：计划、上次运行（时间、摘要或错误）、下次到期（仅管理员）",
      permission: "outbox.manage",
      handler: ({ ctx }) => {
        if (!deps.jobs) throw new Error("jobs are not wired into the app");
        return { items: listJobs({ ctx, jobs: deps.jobs }) };
      },
    }),
  ];
}
