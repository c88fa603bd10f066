// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { approvalInstances, approvalTasks, type ApprovalTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { pageSchema, toPage, type Page } from "../../core/page";
import { pinnedDefinition, stepRunsOf } from "./approvalRecords";
import { type ApprovalSummary, summarize } from "./approvalViews";

export type MyTask = { task: ApprovalTaskRow; instance: ApprovalSummary; stepName: string };

export const myTasksSchema = pageSchema.extend({ status: z.enum(["pending", "done"]) });

/** The actor's tasks (pending first by default), with the count still pending. */
export function myTasks({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof myTasksSchema> }): Page<MyTask> & { pendingCount: number } {
  const input = parseInput(myTasksSchema, raw);
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : -1;
  const statusCond = input.status === "pending" ? eq(approvalTasks.status, "pending") : sql`${approvalTasks.status} <> 'pending'`;
  const conds: SQL[] = [eq(approvalTasks.approverStaffId, staffId), statusCond];
  if (input.cursor) conds.push(lt(approvalTasks.id, input.cursor));
  const rows = ctx.db
    .select()
    .from(approvalTasks)
    .where(and(...conds))
    .orderBy(desc(approvalTasks.id))
    .limit(input.limit + 1)
    .all();
  const page = toPage(rows, input.limit);
  const instances = page.items.length === 0 ? [] : ctx.db.select().from(approvalInstances).where(inArray(approvalInstances.id, page.items.map((t) => t.instanceId))).all();
  const byId = new Map(summarize(ctx, instances).map((i) => [i.id, i]));
  const definitionNames = new Map<number, string[]>();
  const items: MyTask[] = [];
  for (const task of page.items) {
    const instance = byId.get(task.instanceId);
    if (!instance) continue;
    let steps = definitionNames.get(instance.definitionId);
    if (!steps) {
      steps = pinnedDefinition(ctx, instance).definition.steps.map((s) => s.name);
      definitionNames.set(instance.definitionId, steps);
    }
    const run = stepRunsOf(ctx, instance.id).find((r) => r.id === task.stepRunId);
    items.push({ task, instance, stepName: run ? (steps[run.stepIndex] ?? run.stepId) : "" });
  }
  const pendingCount =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(approvalTasks)
      .where(and(eq(approvalTasks.approverStaffId, staffId), eq(approvalTasks.status, "pending")))
      .get()?.n ?? 0;
  return { items, nextCursor: page.nextCursor, pendingCount };
}
