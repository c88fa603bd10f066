// The facts behind the approval cards (cards/approvalCards.ts lays them out). One card per step run
// goes to all of the step's approvers (one copy each); its content is rebuilt from the records after
// every change, so every copy shows the truth: buttons while the step is open, then "已同意 · 王老师 ·
// 3月2日 14:05" / "已驳回 · … · 理由：…" / "已撤回 …", and progress on 会签 steps. The requester gets a
// result card when the flow ends.
import { eq } from "drizzle-orm";
import { approvalDetailPath } from "../../../shared/appPaths";
import { monthDayTime } from "../../core/clock";
import { students, type ApprovalInstanceRow, type ApprovalStepRunRow, type ApprovalTaskRow } from "../../db/schema";
import { sendCard, updateCardsAbout } from "../../outbox/messages";
import { approvalResultCard, approvalStepCard } from "../../../cards/approvalCards";
import { APPROVAL_RESULT_CARD_KIND, APPROVAL_TASK_CARD_KIND } from "../../../cards/approvalCards";
import type { CardContent } from "../../../cards/cardModel";
import type { Ctx } from "../../core/context";
import { getInstance, getStepRun, pinnedDefinition, staffNames, tasksOfRun } from "./approvalRecords";
import { requestTypeOf } from "./requestTypes";
import { typedInstance } from "./requestType";

export const APPROVAL_STEP_REF = "approval_step";

function studentName(ctx: Ctx, instance: ApprovalInstanceRow): string | null {
  if (instance.studentId === null) return null;
  return ctx.db.select({ name: students.name }).from(students).where(eq(students.id, instance.studentId)).get()?.name ?? null;
}

function header(ctx: Ctx, instance: ApprovalInstanceRow): { title: string; facts: { key: string; value: string }[] } {
  const requestType = requestTypeOf(instance.type);
  const name = studentName(ctx, instance);
  const facts = requestType.describe(ctx, typedInstance(instance)).rows;
  return { title: name ? `${requestType.label}审批 · ${name}` : `${requestType.label}审批`, facts };
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
    return instance.status === "withdrawn" ? `已撤回 · ${instance.requesterLabel} · ${monthDayTime(run.decidedAt ?? 0, ctx.tz)}` : "已取消";
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
  const { title, facts } = header(ctx, instance);
  const step = definition.steps[run.stepIndex];
  const counted = tasks.filter((t) => t.status !== "cancelled");
  return approvalStepCard({
    title,
    requesterLabel: instance.requesterLabel,
    facts,
    stepName: step?.name ?? run.stepId,
    stepIndex: run.stepIndex,
    stepCount: definition.steps.length,
    ...(run.mode === "all" ? { allProgress: { approved: counted.filter((t) => t.status === "approved").length, counted: counted.length } } : {}),
    state: stepStateText(ctx, instance, run, tasks),
    detailUrl: approvalDetailPath(instance.id),
  });
}

/** Sends the step's card to its approvers; returns the card id. `prefix` marks reminders. */
export function sendStepCard(ctx: Ctx, stepRunId: number, staffIds: number[], prefix = ""): number {
  const content = stepCardContent(ctx, stepRunId);
  return sendCard(ctx, {
    kind: APPROVAL_TASK_CARD_KIND,
    refType: APPROVAL_STEP_REF,
    refId: String(stepRunId),
    content: prefix ? { ...content, title: `${prefix}${content.title}` } : content,
    staffIds,
  });
}

/** Rebuilds every card of the step (the first one and any reminders) for every recipient. */
export function refreshStepCards(ctx: Ctx, stepRunId: number): void {
  const content = stepCardContent(ctx, stepRunId);
  updateCardsAbout(ctx, { kind: APPROVAL_TASK_CARD_KIND, refType: APPROVAL_STEP_REF, refId: String(stepRunId) }, content);
}

/** The requester's card when the flow ends (approved, or rejected with the reason). */
export function resultCardContent(ctx: Ctx, instance: ApprovalInstanceRow, reason: string | null): CardContent {
  const { title, facts } = header(ctx, instance);
  return approvalResultCard({
    title,
    facts,
    approved: instance.status === "approved",
    at: monthDayTime(instance.decidedAt ?? ctx.clock.now(), ctx.tz),
    reason,
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
