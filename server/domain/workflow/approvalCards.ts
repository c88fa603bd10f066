// The facts behind the approval cards (cards/approvalCards.ts lays them out). One card per step run
// goes to all of the step's approvers (one copy each); its content is rebuilt from the records after
// every change, so every copy shows the truth: buttons while the step is open, then "已同意 · 王老师 ·
// 3月2日 14:05" / "已驳回 · … · 理由：…" / "已撤回 …", and progress on 会签 steps. The requester gets a
// result card when the flow ends.
import { and, eq, inArray, lt } from "drizzle-orm";
import { approvalDetailPath } from "../../../shared/appPaths";
import { displayActorLabel } from "../../../shared/actorLabels";
import { monthDayTime } from "../../core/clock";
import { approvalStepRuns, approvalTasks, students, type ApprovalInstanceRow, type ApprovalStepRunRow, type ApprovalTaskRow } from "../../db/schema";
import { sendCard, updateCardsAbout } from "../../outbox/messages";
import { approvalResultCard, approvalStepCard, type EarlierDecision } from "../../../cards/approvalCards";
import { APPROVAL_RESULT_CARD_KIND, APPROVAL_TASK_CARD_KIND } from "../../../cards/approvalCards";
import type { CardContent, CardRow } from "../../../cards/cardModel";
import type { Ctx } from "../../core/context";
import { getInstance, getStepRun, pinnedDefinition, staffNames, tasksOfRun } from "./approvalRecords";
import { requestTypeOf } from "./requestTypes";
import { typedInstance } from "./requestType";
import { approvesWithForm } from "./decisionForm";

export const APPROVAL_STEP_REF = "approval_step";

function studentName(ctx: Ctx, instance: ApprovalInstanceRow): string | null {
  if (instance.studentId === null) return null;
  return ctx.db.select({ name: students.name }).from(students).where(eq(students.id, instance.studentId)).get()?.name ?? null;
}

/** The row key every request type gives its reason; the cards keep that row longest. */
export const REASON_ROW_KEY = "事由";

type Header = { title: string; facts: CardRow[]; reason: string | null };

function header(ctx: Ctx, instance: ApprovalInstanceRow): Header {
  const requestType = requestTypeOf(instance.type);
  const name = studentName(ctx, instance);
  const rows = requestType.describe(ctx, typedInstance(instance)).rows;
  const reason = rows.find((r) => r.key === REASON_ROW_KEY)?.value ?? null;
  return {
    title: name ? `${requestType.label}审批 · ${name}` : `${requestType.label}审批`,
    facts: rows.filter((r) => r.key !== REASON_ROW_KEY),
    reason,
  };
}

/**
 * What the steps before `stepIndex` decided, oldest first, each as one compact line:
 * "赵雪 同意：家长说明情况属实", "超时自动同意".
 */
export function earlierDecisions(ctx: Ctx, instance: ApprovalInstanceRow, stepIndex: number): EarlierDecision[] {
  const { definition } = pinnedDefinition(ctx, instance);
  const runs = ctx.db
    .select()
    .from(approvalStepRuns)
    .where(and(eq(approvalStepRuns.instanceId, instance.id), lt(approvalStepRuns.stepIndex, stepIndex), inArray(approvalStepRuns.status, ["approved", "rejected"])))
    .orderBy(approvalStepRuns.stepIndex)
    .all();
  if (runs.length === 0) return [];
  const tasks = ctx.db
    .select()
    .from(approvalTasks)
    .where(and(inArray(approvalTasks.stepRunId, runs.map((r) => r.id)), inArray(approvalTasks.status, ["approved", "rejected"])))
    .orderBy(approvalTasks.decidedAt, approvalTasks.id)
    .all();
  const names = staffNames(ctx, tasks.map((t) => t.approverStaffId));
  return runs.map((run) => {
    const decided = tasks.filter((t) => t.stepRunId === run.id);
    const text = decided
      .map((t) => {
        const verb = t.status === "approved" ? "同意" : "驳回";
        if (t.decidedVia === "timeout") return `超时自动${verb}`;
        return `${names.get(t.approverStaffId) ?? ""} ${verb}${t.comment ? `：${t.comment}` : ""}`;
      })
      .join("；");
    return { stepName: definition.steps[run.stepIndex]?.name ?? run.stepId, text: text || (run.status === "approved" ? "同意" : "驳回") };
  });
}

const decidedText = (task: ApprovalTaskRow, names: Map<number, string>, tz: string) => {
  const at = monthDayTime(task.decidedAt ?? 0, tz);
  if (task.decidedVia === "timeout") return task.status === "approved" ? `超时自动同意 · ${at}` : `超时自动驳回 · ${at}`;
  const who = names.get(task.approverStaffId) ?? "";
  if (task.status === "approved") return `已同意 · ${who} · ${at}`;
  return `已驳回 · ${who} · ${at}${task.comment ? ` · 理由：${task.comment}` : ""}`;
};

/** The state line of a step (undefined while it is open), e.g. "已同意 · 王老师 · 3月2日 14:05". */
export function stepStateText(ctx: Ctx, instance: ApprovalInstanceRow, run: ApprovalStepRunRow, tasks: ApprovalTaskRow[]): string | undefined {
  if (run.status === "active") return undefined;
  const names = staffNames(ctx, tasks.map((t) => t.approverStaffId));
  const decided = tasks.filter((t) => t.status === "approved" || t.status === "rejected");
  if (run.status === "cancelled") {
    return instance.status === "withdrawn" ? `已撤回 · ${displayActorLabel(instance.requesterLabel)} · ${monthDayTime(run.decidedAt ?? 0, ctx.tz)}` : "已取消";
  }
  if (run.status === "skipped") return "条件不满足，已跳过";
  const rejecting = decided.find((t) => t.status === "rejected");
  if (run.status === "rejected" && rejecting) return decidedText(rejecting, names, ctx.tz);
  if (run.mode === "all") {
    const approved = decided.filter((t) => t.status === "approved").length;
    return `已同意 ${approved}/${approved} · ${monthDayTime(run.decidedAt ?? 0, ctx.tz)}`;
  }
  const first = decided[0];
  return first ? decidedText(first, names, ctx.tz) : undefined;
}

/** The content of a step's card as the records now say. */
export function stepCardContent(ctx: Ctx, stepRunId: number): CardContent {
  const run = getStepRun(ctx, stepRunId);
  const instance = getInstance(ctx, run.instanceId);
  const { definition } = pinnedDefinition(ctx, instance);
  const tasks = tasksOfRun(ctx, run.id);
  const { title, facts, reason } = header(ctx, instance);
  const step = definition.steps[run.stepIndex];
  const counted = tasks.filter((t) => t.status !== "cancelled");
  return approvalStepCard({
    title,
    requesterLabel: displayActorLabel(instance.requesterLabel),
    facts,
    reason,
    earlier: earlierDecisions(ctx, instance, run.stepIndex),
    approveOnPage: run.status === "active" && approvesWithForm(ctx, instance, run.stepIndex),
    stepName: step?.name ?? run.stepId,
    stepIndex: run.stepIndex,
    stepCount: definition.steps.length,
    ...(run.mode === "all" ? { allProgress: { approved: counted.filter((t) => t.status === "approved").length, counted: counted.length } } : {}),
    state: stepStateText(ctx, instance, run, tasks),
    detailUrl: approvalDetailPath(instance.id),
  });
}

/** Sends the step's card to its approvers; returns the card id. `prefix` marks reminders. */
export function sendStepCard(ctx: Ctx, stepRunId: number, staffIds: number[], prefix = "", notBefore?: number): number {
  const content = stepCardContent(ctx, stepRunId);
  return sendCard(ctx, {
    kind: APPROVAL_TASK_CARD_KIND,
    refType: APPROVAL_STEP_REF,
    refId: String(stepRunId),
    content: prefix ? { ...content, title: `${prefix}${content.title}` } : content,
    staffIds,
    ...(notBefore === undefined ? {} : { notBefore }),
  });
}

/** Rebuilds every card of the step (the first one and any reminders) for every recipient. */
export function refreshStepCards(ctx: Ctx, stepRunId: number): void {
  const content = stepCardContent(ctx, stepRunId);
  updateCardsAbout(ctx, { kind: APPROVAL_TASK_CARD_KIND, refType: APPROVAL_STEP_REF, refId: String(stepRunId) }, content);
}

/** The requester's card when the flow ends (approved, or rejected with the reason). */
export function resultCardContent(ctx: Ctx, instance: ApprovalInstanceRow, rejectReason: string | null): CardContent {
  const { title, facts, reason } = header(ctx, instance);
  return approvalResultCard({
    title,
    facts,
    reason,
    approved: instance.status === "approved",
    at: monthDayTime(instance.decidedAt ?? ctx.clock.now(), ctx.tz),
    rejectReason,
    detailUrl: approvalDetailPath(instance.id),
  });
}

/** Sends the result card to the requester when they are staff. */
export function sendResultCard(ctx: Ctx, instance: ApprovalInstanceRow, reason: string | null): void {
  if (instance.requesterStaffId === null) return;
  sendCard(ctx, {
    kind: APPROVAL_RESULT_CARD_KIND,
    refType: "approval_instance",
    refId: String(instance.id),
    content: resultCardContent(ctx, instance, reason),
    staffIds: [instance.requesterStaffId],
  });
}
