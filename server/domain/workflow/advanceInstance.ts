// Moves an instance forward from a step index: steps whose condition is false are skipped (with a
// timeline row), the first step that holds is entered (approvers resolved, tasks created, one card to
// all of them), and when no step is left the instance is approved and its type's effect applied.
// Runs inside the caller's transaction.
import { approvalStepRuns, approvalTasks, type ApprovalInstanceRow } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { recordAudit } from "../audit/recordAudit";
import { systemActor, type Ctx } from "../../core/context";
import { sendResultCard, sendStepCard } from "./approvalCards";
import { addTimeline, pinnedDefinition, staffNames, tasksOfRun, updateInstance } from "./approvalRecords";
import { openApprovalTodos } from "./approvalTodos";
import { evaluateCondition } from "./conditions";
import { requestTypeOf } from "./requestTypes";
import { typedInstance } from "./requestType";
import { resolveApprovers } from "./resolveApprovers";
import { stepDueAt } from "./stepDueAt";
import { eq } from "drizzle-orm";

/** Enters the next step that applies at or after `fromIndex`, or completes the instance. */
export function advanceInstance(ctx: Ctx, instance: ApprovalInstanceRow, fromIndex: number): ApprovalInstanceRow {
  const { definition } = pinnedDefinition(ctx, instance);
  const requestType = requestTypeOf(instance.type);
  const fields = instance.fields as Record<string, unknown>;
  const now = ctx.clock.now();
  for (let index = fromIndex; index < definition.steps.length; index++) {
    const step = definition.steps[index];
    if (!step) break;
    if (step.when && !evaluateCondition(step.when, requestType.conditionFields, fields)) {
      const run = ctx.db
        .insert(approvalStepRuns)
        .values({ instanceId: instance.id, stepIndex: index, stepId: step.id, mode: step.mode, status: "skipped", enteredAt: now, decidedAt: now })
        .returning()
        .get();
      addTimeline(ctx, { instanceId: instance.id, action: "step_skipped", stepRunId: run.id, comment: `${step.name}：条件“${step.when}”不成立` });
      continue;
    }
    const approvers = resolveApprovers(ctx, instance, step.approvers);
    if (approvers.staffIds.length === 0) throw preconditionFailed(`“${step.name}”步骤没有可用的审批人`, { step: step.id, reason: approvers.note });
    const run = ctx.db
      .insert(approvalStepRuns)
      .values({
        instanceId: instance.id,
        stepIndex: index,
        stepId: step.id,
        mode: step.mode,
        status: "active",
        enteredAt: now,
        dueAt: step.timeLimit ? stepDueAt(ctx, instance.campusId, now, step.timeLimit) : null,
      })
      .returning()
      .get();
    for (const staffId of approvers.staffIds) {
      ctx.db.insert(approvalTasks).values({ instanceId: instance.id, stepRunId: run.id, approverStaffId: staffId, createdAt: now }).run();
    }
    const updated = updateInstance(ctx, instance.id, { currentStep: index });
    const names = staffNames(ctx, approvers.staffIds);
    const who = approvers.staffIds.map((id) => names.get(id) ?? String(id)).join("、");
    const mode = approvers.staffIds.length === 1 ? "" : step.mode === "all" ? "（须全部同意）" : "（一人同意即可）";
    addTimeline(ctx, {
      instanceId: instance.id,
      action: "step_started",
      stepRunId: run.id,
      comment: `进入「${step.name}」审批${mode}：${who}${approvers.note ? `；${approvers.note}` : ""}`,
    });
    recordAudit(ctx, { action: "approval.step_started", entityType: "approval_instance", entityId: instance.id, details: { step: step.id, approvers: approvers.staffIds } });
    const cardId = sendStepCard(ctx, run.id, approvers.staffIds);
    ctx.db.update(approvalStepRuns).set({ cardId }).where(eq(approvalStepRuns.id, run.id)).run();
    openApprovalTodos(ctx, updated, step.name, cardId, tasksOfRun(ctx, run.id), run.dueAt);
    return updated;
  }
  return completeInstance(ctx, instance, definition.steps.length);
}

/** No step left: approved, the type's effect applied in this transaction, the requester told. */
function completeInstance(ctx: Ctx, instance: ApprovalInstanceRow, stepCount: number): ApprovalInstanceRow {
  let approved = updateInstance(ctx, instance.id, { status: "approved", currentStep: stepCount, decidedAt: ctx.clock.now() });
  addTimeline(ctx, { instanceId: instance.id, action: "completed", comment: "审批通过" });
  recordAudit(ctx, { action: "approval.approved", entityType: "approval_instance", entityId: instance.id, details: { type: instance.type } });
  const effect = requestTypeOf(instance.type).onApproved(ctx, typedInstance(approved));
  if (effect) approved = updateInstance(ctx, instance.id, { fields: { ...(approved.fields as Record<string, unknown>), ...effect.fields } });
  addTimeline({ ...ctx, actor: systemActor("审批") }, { instanceId: instance.id, action: "effect_applied", comment: "已按审批结果办理" });
  sendResultCard(ctx, approved, null);
  return approved;
}
