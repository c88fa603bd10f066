// /api/v1/jobs/:name/run: an admin runs a scheduled job now (audited), instead of waiting for its hour.
import { z } from "zod";
import { runJobNow } from "../../domain/operations/runJobNow";
import type { AppDeps } from "../appDeps";
import { route, type RouteDef } from "../route";

const tag = "系统任务";
const nameParams = z.object({ name: z.string().min(1).max(100) });

export function jobsRoutes(deps: AppDeps): RouteDef[] {
  return [
    route({
      method: "post",
      path: "/api/v1/jobs/:name/run",
      tag,
      summary: "立即运行一个定时任务（仅管理员；记入审计日志；返回任务摘要）",
      permission: "outbox.manage",
      params: nameParams,
      handler: ({ ctx, params }) => {
        if (!deps.jobs) throw new Error("jobs are not wired into the app");
        return runJobNow({ ctx, input: { name: params.name }, jobs: deps.jobs });
      },
    }),
  ];
}
