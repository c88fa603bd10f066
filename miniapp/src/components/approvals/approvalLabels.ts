// zh-CN words for the server's approval states, keyed by the server's own enums: a new state on the
// server fails the typecheck here until it has its words. An approval's own status words are the ones
// the server uses too (shared/approvals.ts).
import type { ApprovalStatus, StepRunStatus, TaskStatus, TimelineAction } from "@server/db/schema";

export { APPROVAL_STATUS_LABELS as APPROVAL_STATUS_TEXT } from "@shared/approvals";

export const APPROVAL_STATUS_TAG: Record<ApprovalStatus, "primary" | "success" | "danger" | "default"> = {
  pending: "primary",
  approved: "success",
  rejected: "danger",
  withdrawn: "default",
};
export const STEP_STATUS_TEXT: Record<StepRunStatus, string> = { active: "进行中", approved: "已同意", rejected: "已驳回", skipped: "已跳过", cancelled: "已取消" };
export const TASK_STATUS_TEXT: Record<TaskStatus, string> = { pending: "待处理", approved: "已同意", rejected: "已驳回", cancelled: "无需处理" };
export const TIMELINE_TEXT: Record<TimelineAction, string> = {
  submitted: "提交申请",
  step_started: "进入下一步",
  approved: "同意",
  rejected: "驳回",
  step_approved: "本步骤通过",
  step_rejected: "本步骤驳回",
  step_skipped: "跳过步骤",
  withdrawn: "撤回申请",
  reminded: "超时提醒",
  escalated: "超时升级",
  auto_approved: "超时自动同意",
  auto_rejected: "超时自动驳回",
  completed: "审批结束",
  effect_applied: "登记",
};

/** Steps the flow takes by itself: the line says what happened, not who clicked last. */
const FLOW_ACTIONS: readonly TimelineAction[] = ["step_started", "step_approved", "step_rejected", "step_skipped", "completed"];

/**
 * A timeline line's title as a person would write it: "赵雪 同意", "进入下一步" (the comment names the
 * step: 进入「校长」审批（一人同意即可）), "系统自动执行" (the request's effect), "财务甲 登记" (a payout).
 * The actor label already reads as people say it (the server translates 系统:/令牌: labels).
 */
export function timelineTitle(e: { action: TimelineAction; actorKind: string; actorLabel: string }): string {
  if (FLOW_ACTIONS.includes(e.action)) return TIMELINE_TEXT[e.action];
  if (e.action === "effect_applied" && e.actorKind === "system") return e.actorLabel;
  return `${e.actorLabel} ${TIMELINE_TEXT[e.action]}`;
}
