// The deadline job's work: active steps past their due time get what their definition says —
// reminders (up to `repeat`, each `hours` apart), one escalation (the escalateTo role in the campus
// gets tasks and a copy of the card), or an automatic decision of every pending task as the system.
// Each step is handled in its own transaction and guarded by its own columns, so a rerun does nothing twice.
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { approvalStepRuns, approvalTasks } from "../../db/schema";
import { addCardRecipient } from "../../outbox/messages";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { sendStepCard, refreshStepCards } from "./approvalCards";
import { addTimeline, getInstance, getStepRun, pinnedDefinition, staffNames, tasksOfRun } from "./approvalRecords";
import { decideTask } from "./decideTask";
import { approvesWithForm } from "./decisionForm";
import { staffWithRole } from "./resolveApprovers";
import { openApprovalTodos } from "./approvalTodos";
import { stepDueAt } from "./stepDueAt";
import { sendableAt } from "../calendar/quietHours";
import { ROLE_LABELS } from "../../../shared/roles";

export type DeadlineSummary = { due: number; reminded: number; escalated: number; autoDecided: number };

/** Handles every overdue active step once; returns what it did. */
export function processDeadlines({ ctx }: { ctx: Ctx }): DeadlineSummary {
  const now = ctx.clock.now();
  const due = ctx.db
    .select({ id: approvalStepRuns.id })
    .from(approvalStepRuns)
    .where(and(eq(approvalStepRuns.status, "active"), isNotNull(approvalStepRuns.dueAt), lte(approvalStepRuns.dueAt, now)))
    .all();
  const summary: DeadlineSummary = { due: due.length, reminded: 0, escalated: 0, autoDecided: 0 };
  for (const { id } of due) {
    const outcome = inTransaction(ctx, (tx) => handleOverdue(tx, id));
    if (outcome === "reminded") summary.reminded += 1;
    else if (outcome === "escalated") summary.escalated += 1;
    else if (outcome === "auto") summary.autoDecided += 1;
  }
  return summary;
}

function handleOverdue(ctx: Ctx, stepRunId: number): "reminded" | "escalated" | "auto" | "nothing" {
  const run = getStepRun(ctx, stepRunId);
  if (run.status !== "active" || run.dueAt === null) return "nothing";
  const instance = getInstance(ctx, run.instanceId);
  const limit = pinnedDefinition(ctx, instance).definition.steps[run.stepIndex]?.timeLimit;
  if (!limit) return "nothing";
  const now = ctx.clock.now();
  const pending = tasksOfRun(ctx, run.id).filter((t) => t.status === "pending");

  if (limit.action === "remind") {
    const max = limit.repeat ?? 1;
    // The n-th reminder is due n limits after the step's due time (the first at the due time itself).
    if (run.remindersSent >= max || now < (run.remindersSent === 0 ? run.dueAt : stepDueAt(ctx, instance.campusId, run.dueAt, limit, run.remindersSent))) return "nothing";
    // Quiet hours: a reminder found due at night waits for the campus's next open minute.
    if (pending.length > 0) sendStepCard(ctx, run.id, pending.map((t) => t.approverStaffId), "【催办】", sendableAt(ctx, instance.campusId));
    ctx.db.update(approvalStepRuns).set({ remindersSent: run.remindersSent + 1 }).where(eq(approvalStepRuns.id, run.id)).run();
    addTimeline(ctx, { instanceId: instance.id, action: "reminded", stepRunId: run.id, comment: `第 ${run.remindersSent + 1} 次催办` });
    return "reminded";
  }

  if (limit.action === "escalate") {
    if (run.escalatedAt !== null || !limit.escalateTo) return "nothing";
    const existing = new Set(tasksOfRun(ctx, run.id).map((t) => t.approverStaffId));
    const role = limit.escalateTo.role;
    const added = staffWithRole(ctx, role, instance.campusId).filter((id) => !existing.has(id) && id !== instance.requesterStaffId);
    for (const staffId of added) {
      ctx.db.insert(approvalTasks).values({ instanceId: instance.id, stepRunId: run.id, approverStaffId: staffId, createdAt: now }).run();
    }
    ctx.db.update(approvalStepRuns).set({ escalatedAt: now }).where(eq(approvalStepRuns.id, run.id)).run();
    const names = staffNames(ctx, added);
    addTimeline(ctx, {
      instanceId: instance.id,
      action: "escalated",
      stepRunId: run.id,
      comment: added.length > 0 ? `超时升级给${ROLE_LABELS[role]}：${added.map((id) => names.get(id) ?? String(id)).join("、")}` : `超时升级，但没有在职的${ROLE_LABELS[role]}`,
    });
    recordAudit(ctx, { action: "approval.escalated", entityType: "approval_instance", entityId: instance.id, details: { stepRunId: run.id, role, added } });
    refreshStepCards(ctx, run.id);
    if (run.cardId !== null) {
      const notBefore = sendableAt(ctx, instance.campusId);
      for (const staffId of added) addCardRecipient(ctx, run.cardId, staffId, notBefore);
      const stepName = pinnedDefinition(ctx, instance).definition.steps[run.stepIndex]?.name ?? run.stepId;
      openApprovalTodos(ctx, instance, stepName, run.cardId, tasksOfRun(ctx, run.id), run.dueAt, notBefore);
    }
    return "escalated";
  }

  if (limit.action === "auto_approve" && approvesWithForm(ctx, instance, run.stepIndex)) {
    // Money is never paid out blind: a step whose approver fills the payout is not approved by the
    // clock. Its approvers are reminded once more and the step waits for them (no further deadline).
    if (pending.length > 0) sendStepCard(ctx, run.id, pending.map((t) => t.approverStaffId), "【催办】", sendableAt(ctx, instance.campusId));
    ctx.db.update(approvalStepRuns).set({ dueAt: null, remindersSent: run.remindersSent + 1 }).where(eq(approvalStepRuns.id, run.id)).run();
    addTimeline(ctx, { instanceId: instance.id, action: "reminded", stepRunId: run.id, comment: `超过 ${limit.hours} 小时未处理；这一步要填写打款信息，不能自动同意，已再次提醒` });
    return "reminded";
  }

  const decision = limit.action === "auto_approve" ? "approve" : "reject";
  for (const task of pending) {
    if (getStepRun(ctx, run.id).status !== "active") break;
    decideTask({ ctx, input: { taskId: task.id, decision, via: "timeout", comment: `超过 ${limit.hours} 小时未处理，系统自动${decision === "approve" ? "同意" : "驳回"}` } });
  }
  return "auto";
}
