// One approver's decision on their task, counted once: only the task's approver may decide (the
// system for timeouts), a task already decided or cancelled answers 409 naming who decided, and the
// status change is a conditional UPDATE (… WHERE status = 'pending'), so of two decisions arriving
// together exactly one is written. 或签: the first decision closes the step and cancels the siblings;
// 会签: every approver must approve, one rejection rejects. Then the flow moves on (advanceInstance)
// or ends, every card of the step is rebuilt, and the timeline and audit log get their rows.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { monthDayTime } from "../../core/clock";
import { approvalStepRuns, approvalTasks, DECISION_CHANNELS, type ApprovalInstanceRow, type ApprovalStepRunRow, type ApprovalTaskRow } from "../../db/schema";
import { conflict, forbidden, preconditionFailed, validationError } from "../../core/errors";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { advanceInstance } from "./advanceInstance";
import { refreshStepCards, sendResultCard } from "./approvalCards";
import { closeApprovalTodos } from "./approvalTodos";
import { approvesWithForm } from "./decisionForm";
import { addTimeline, getInstance, getStepRun, getTask, staffNames, tasksOfRun, updateInstance } from "./approvalRecords";
import { requestTypeOf } from "./requestTypes";
import { typedInstance } from "./requestType";

export const DECISIONS = ["approve", "reject"] as const;
export type Decision = (typeof DECISIONS)[number];

export const decideTaskSchema = z.object({
  taskId: idSchema,
  decision: z.enum(DECISIONS, { error: "decision 应为 approve（同意）或 reject（驳回）" }),
  comment: z.string().trim().max(500).optional(),
  /** Facts the approver adds with an approval, per the request type's `decisionFields`. */
  fields: z.record(z.string(), z.unknown()).optional(),
  via: z.enum(DECISION_CHANNELS),
});
export type DecideTaskInput = z.input<typeof decideTaskSchema>;

export type DecisionResult = { task: ApprovalTaskRow; stepRun: ApprovalStepRunRow; instance: ApprovalInstanceRow };

/** Why a task can no longer be decided, e.g. "已处理：已同意 · 王老师 · 3月2日 09:05". */
export function alreadyHandled(ctx: Ctx, task: ApprovalTaskRow): Error {
  const instance = getInstance(ctx, task.instanceId);
  const tasks = tasksOfRun(ctx, task.stepRunId);
  const names = staffNames(ctx, tasks.map((t) => t.approverStaffId));
  const decided = [task, ...tasks.filter((t) => t.id !== task.id)].find((t) => t.status === "approved" || t.status === "rejected");
  let state = "该审批已结束";
  if (instance.status === "withdrawn" && task.status === "cancelled") state = `已撤回 · ${instance.requesterLabel}`;
  else if (decided) {
    const who = decided.decidedVia === "timeout" ? "超时自动处理" : (names.get(decided.approverStaffId) ?? "");
    state = `${decided.status === "approved" ? "已同意" : "已驳回"} · ${who} · ${monthDayTime(decided.decidedAt ?? 0, ctx.tz)}`;
  }
  return conflict(`已处理：${state}`, {
    taskStatus: task.status,
    decidedBy: decided ? (names.get(decided.approverStaffId) ?? null) : null,
    decidedAt: decided?.decidedAt ?? null,
  });
}

/** Records the decision and moves the flow on, in one transaction. */
export function decideTask({ ctx, input }: { ctx: Ctx; input: DecideTaskInput }): DecisionResult {
  const parsed = parseInput(decideTaskSchema, input);
  return inTransaction(ctx, (tx) => {
    const task = getTask(tx, parsed.taskId);
    const bySystem = parsed.via === "timeout" && tx.actor.kind === "system";
    if (!bySystem && (tx.actor.kind !== "staff" || tx.actor.staffId !== task.approverStaffId)) {
      throw forbidden("只有该任务的审批人可以处理此审批");
    }
    if (task.status !== "pending") throw alreadyHandled(tx, task);
    // A rejection says why (the requester sees it); only the deadline job rejects with its own words.
    if (parsed.decision === "reject" && !parsed.comment && parsed.via !== "timeout") {
      throw validationError([{ path: "comment", message: "驳回请填写理由" }], "驳回请填写理由");
    }
    const stepRun = getStepRun(tx, task.stepRunId);
    const withForm = approvesWithForm(tx, getInstance(tx, task.instanceId), stepRun.stepIndex);
    if (parsed.decision === "approve" && withForm && parsed.via === "card") {
      throw preconditionFailed("这一步需要在详情页填写打款信息后同意", { reason: "approve_on_page" });
    }
    const hasFields = parsed.fields !== undefined && Object.keys(parsed.fields).length > 0;
    if (hasFields && !withForm) {
      throw validationError([{ path: "fields", message: "这一步审批不需要填写补充信息" }], "这一步审批不需要填写补充信息");
    }
    const now = tx.clock.now();
    const status = parsed.decision === "approve" ? "approved" : "rejected";
    const decided = tx.db
      .update(approvalTasks)
      .set({ status, comment: parsed.comment ?? null, decidedVia: parsed.via, decidedAt: now })
      .where(and(eq(approvalTasks.id, task.id), eq(approvalTasks.status, "pending")))
      .returning()
      .get();
    if (!decided) throw alreadyHandled(tx, getTask(tx, task.id));
    const action = bySystem ? (status === "approved" ? "auto_approved" : "auto_rejected") : status;
    addTimeline(tx, { instanceId: task.instanceId, action, stepRunId: task.stepRunId, taskId: task.id, comment: parsed.comment ?? null });
    recordAudit(tx, { action: `approval.task_${status}`, entityType: "approval_task", entityId: task.id, details: { instanceId: task.instanceId, via: parsed.via } });

    if (hasFields && parsed.fields) addDecisionFields(tx, task.instanceId, status, parsed.fields);

    const run = getStepRun(tx, task.stepRunId);
    const tasks = tasksOfRun(tx, run.id);
    const closes = status === "rejected" || run.mode === "any" || tasks.every((t) => t.status === "approved" || t.status === "cancelled");
    if (!closes) {
      refreshStepCards(tx, run.id);
      closeApprovalTodos(tx, run.id);
      return { task: decided, stepRun: run, instance: getInstance(tx, task.instanceId) };
    }
    const closed = closeStep(tx, run, status);
    refreshStepCards(tx, run.id);
    closeApprovalTodos(tx, run.id);
    const instance = getInstance(tx, task.instanceId);
    if (status === "approved") {
      return { task: decided, stepRun: closed, instance: advanceInstance(tx, instance, run.stepIndex + 1) };
    }
    return { task: decided, stepRun: closed, instance: rejectInstance(tx, instance, parsed.comment ?? null) };
  });
}

/** Merges what the approver added (validated by the type's schema) into the request's fields. */
function addDecisionFields(ctx: Ctx, instanceId: number, status: "approved" | "rejected", added: Record<string, unknown>): void {
  const instance = getInstance(ctx, instanceId);
  const schema = requestTypeOf(instance.type).decisionFields;
  if (!schema) throw validationError([{ path: "fields", message: "这类申请审批时不需要补充信息" }], "这类申请审批时不需要补充信息");
  if (status !== "approved") throw validationError([{ path: "fields", message: "只有同意时才能补充信息" }], "只有同意时才能补充信息");
  const parsed = schema.safeParse(added);
  if (!parsed.success) {
    throw validationError(parsed.error.issues.map((i) => ({ path: ["fields", ...i.path.map(String)].join("."), message: i.message })));
  }
  const facts = parsed.data;
  updateInstance(ctx, instanceId, { fields: { ...(instance.fields as Record<string, unknown>), ...facts } });
}

/** Closes an active step run with its outcome and cancels the tasks still pending in it. */
function closeStep(ctx: Ctx, run: ApprovalStepRunRow, status: "approved" | "rejected"): ApprovalStepRunRow {
  const now = ctx.clock.now();
  const closed = ctx.db
    .update(approvalStepRuns)
    .set({ status, decidedAt: now })
    .where(and(eq(approvalStepRuns.id, run.id), eq(approvalStepRuns.status, "active")))
    .returning()
    .get();
  if (!closed) throw conflict("该审批步骤已结束");
  ctx.db
    .update(approvalTasks)
    .set({ status: "cancelled", decidedAt: now })
    .where(and(eq(approvalTasks.stepRunId, run.id), eq(approvalTasks.status, "pending")))
    .run();
  addTimeline(ctx, { instanceId: run.instanceId, action: status === "approved" ? "step_approved" : "step_rejected", stepRunId: run.id });
  return closed;
}

/** A rejected step ends the instance: rejected, the type's clean-up, the requester told why. */
function rejectInstance(ctx: Ctx, instance: ApprovalInstanceRow, reason: string | null): ApprovalInstanceRow {
  const rejected = updateInstance(ctx, instance.id, { status: "rejected", decidedAt: ctx.clock.now() });
  addTimeline(ctx, { instanceId: instance.id, action: "completed", comment: reason ? `审批驳回：${reason}` : "审批驳回" });
  recordAudit(ctx, { action: "approval.rejected", entityType: "approval_instance", entityId: instance.id, details: { type: instance.type, reason } });
  requestTypeOf(instance.type).onRejected?.(ctx, typedInstance(rejected), "rejected");
  sendResultCard(ctx, rejected, reason);
  return rejected;
}
