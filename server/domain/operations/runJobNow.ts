// "Run now" for a scheduled job: an admin (or a test) need not wait for its hour. The job runs as it
// would on its schedule (as the system, with the request's clock), its summary is the answer, and the
// run is audited (job.run, who asked, the summary). The jobs themselves are given by the caller: the
// domain does not know the schedule's list.
import { z } from "zod";
import { ServiceError } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";

/** The jobs that may be run: their names, and a run of one (throws what the job threw). */
export type JobRunner = { names: readonly string[]; run(name: string, ctx: Ctx): Record<string, unknown>; schedules?: Readonly<Record<string, string>> };

export const runJobNowSchema = z.object({ name: z.string().min(1).max(100) });

export function runJobNow({ ctx, input, jobs }: { ctx: Ctx; input: z.input<typeof runJobNowSchema>; jobs: JobRunner }): { job: string; summary: Record<string, unknown> } {
  requirePermission(ctx.actor, "outbox.manage");
  const { name } = parseInput(runJobNowSchema, input);
  if (!jobs.names.includes(name)) {
    throw new ServiceError("NOT_FOUND", `没有名为“${name}”的任务，可运行的任务：${jobs.names.join("、")}`, { jobs: jobs.names });
  }
  const summary = jobs.run(name, ctx);
  recordAudit(ctx, { action: "job.run", entityType: "job", entityId: null, details: { job: name, summary } });
  return { job: name, summary };
}
