// The approval cards as pure builders: the domain gathers the facts (who asked, the request's key
// facts, the step, its state line) and these lay them out. One card per step run goes to all of the
// step's approvers; buttons while the step is open, then its state line ("已同意 · 王老师 · 3月2日 14:05").
// The requester gets a result card when the flow ends.
import type { CardContent, CardRow } from "./cardModel";

export const APPROVAL_TASK_CARD_KIND = "approval_task";
export const APPROVAL_RESULT_CARD_KIND = "approval_result";
export const APPROVE_KEY = "approve";
export const REJECT_KEY = "reject";
/** Rows an approval card shows at most (the request's facts first, then the step's). */
const MAX_ROWS = 6;

export type ApprovalStepCardView = {
  /** "请假审批 · 王小明". */
  title: string;
  requesterLabel: string;
  /** The request type's key facts, most important first. */
  facts: CardRow[];
  stepName: string;
  /** 0-based position of the step, and how many steps the flow has. */
  stepIndex: number;
  stepCount: number;
  /** 会签 steps: approvals so far of the approvers still counted. */
  allProgress?: { approved: number; counted: number };
  /** The step's state line once it is decided; undefined while it is open (the card has buttons). */
  state: string | undefined;
  detailUrl: string;
};

/** The card of an approval step, as every approver's copy shows it. */
export function approvalStepCard(view: ApprovalStepCardView): CardContent {
  const extra: CardRow[] = [{ key: "审批步骤", value: `${view.stepName}（${view.stepIndex + 1}/${view.stepCount}）` }];
  if (view.allProgress) extra.push({ key: "会签进度", value: `已同意 ${view.allProgress.approved}/${view.allProgress.counted}` });
  return {
    kind: APPROVAL_TASK_CARD_KIND,
    title: view.title,
    subtitle: `${view.requesterLabel} 提交`,
    rows: [...view.facts.slice(0, MAX_ROWS - extra.length), ...extra],
    detailUrl: view.detailUrl,
    actions: view.state
      ? []
      : [
          { key: APPROVE_KEY, text: "同意", style: "primary" },
          { key: REJECT_KEY, text: "驳回", style: "danger" },
        ],
    ...(view.state ? { state: view.state } : {}),
  };
}

export type ApprovalResultCardView = {
  title: string;
  facts: CardRow[];
  approved: boolean;
  /** When it was decided, as people read it ("3月2日 14:05"). */
  at: string;
  reason: string | null;
  detailUrl: string;
};

/** The requester's card when the flow ends: approved, or rejected with the reason. */
export function approvalResultCard(view: ApprovalResultCardView): CardContent {
  const state = view.approved ? `已通过 · ${view.at}` : `已驳回 · ${view.at}${view.reason ? ` · 理由：${view.reason}` : ""}`;
  return {
    kind: APPROVAL_RESULT_CARD_KIND,
    title: view.approved ? `${view.title} · 已通过` : `${view.title} · 已驳回`,
    subtitle: "你提交的申请有了结果",
    rows: view.facts.slice(0, MAX_ROWS),
    detailUrl: view.detailUrl,
    actions: [],
    state,
  };
}
