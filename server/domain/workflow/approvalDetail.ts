// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { approvalTasks, approvalTimeline } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { getInstance, pinnedDefinition, staffNames, stepRunsOf } from "./approvalRecords";
import { findRequestType } from "./requestTypes";
import { typedInstance } from "./requestType";
import { type ApprovalDetail, mayRead, summarize } from "./approvalViews";
import { approvesWithForm } from "./decisionForm";

export const approvalDetailSchema = z.object({ instanceId: idSchema });

/** One instance in full, or 404 when it does not exist or the actor may not see it. */
export function approvalDetail({ ctx, input }: { ctx: Ctx; input: z.input<typeof approvalDetailSchema> }): ApprovalDetail {
  const { instanceId } = parseInput(approvalDetailSchema, input);
  const instance = getInstance(ctx, instanceId);
  if (!mayRead(ctx, instance)) throw notFound("审批");
  const [summary] = summarize(ctx, [instance]);
  if (!summary) throw notFound("审批");
  const { row, definition } = pinnedDefinition(ctx, instance);
  const runs = stepRunsOf(ctx, instance.id);
  const tasks = ctx.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, instance.id)).orderBy(approvalTasks.id).all();
  const names = staffNames(ctx, tasks.map((t) => t.approverStaffId));
  const requestType = findRequestType(instance.type);
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : null;
  const myTask = tasks.find((t) => t.approverStaffId === staffId && t.status === "pending");
  const myRun = myTask ? runs.find((r) => r.id === myTask.stepRunId) : undefined;
  return {
    ...summary,
    description: requestType ? requestType.describe(ctx, typedInstance(instance)) : { title: instance.type, rows: [] },
    definition: { id: row.id, name: row.name, version: row.version, stepNames: definition.steps.map((s) => s.name) },
    steps: runs.map((run) => ({
      run,
      name: definition.steps[run.stepIndex]?.name ?? run.stepId,
      tasks: tasks.filter((t) => t.stepRunId === run.id).map((t) => ({ ...t, approverName: names.get(t.approverStaffId) ?? "" })),
    })),
    timeline: ctx.db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, instance.id)).orderBy(approvalTimeline.id).all(),
    myPendingTaskId: myTask?.id ?? null,
    myTaskNeedsForm: myRun !== undefined && approvesWithForm(ctx, instance, myRun.stepIndex),
  };
}
