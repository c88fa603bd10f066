// The approval cards as pure builders: the domain gathers the facts (who asked, the request's key
// facts and 事由, the decisions of the earlier steps, the step, its state line) and these lay them out.
// One card per step run goes to all of the step's approvers; buttons while the step is open, then its
// state line ("已同意 · 王老师 · 3月2日 14:05"). The requester gets a result card when the flow ends.
//
// Rows: both platforms show 6 at most, so the rows are chosen by priority and shown in reading order.
// Kept longest: 事由, then the first two facts, then the earlier decisions (newest first), then the
// other facts in order; what does not fit is on the detail page. The step's place in the flow is in
// the subtitle, so it costs no row.
import type { CardAction, CardContent, CardRow } from "./cardModel";

export const APPROVAL_TASK_CARD_KIND = "approval_task";
export const APPROVAL_RESULT_CARD_KIND = "approval_result";
export const APPROVE_KEY = "approve";
export const REJECT_KEY = "reject";
/** Rows an approval card shows at most (WeCom's horizontal_content_list and our DingTalk template both hold 6). */
export const APPROVAL_CARD_MAX_ROWS = 6;
/** The detail page's query that opens the reject dialog, and the one that opens the approval form. */
export const REJECT_PAGE_QUERY = "?action=reject";
export const APPROVE_PAGE_QUERY = "?action=approve";

/** One earlier step's decision, as a compact row: key the step ("班主任"), value "赵雪 同意：家长说明情况属实". */
export type EarlierDecision = { stepName: string; text: string };

export type ApprovalStepCardView = {
  /** "请假审批 · 王小明". */
  title: string;
  requesterLabel: string;
  /** The request type's key facts, most important first (without 事由). */
  facts: CardRow[];
  /** 事由: why it was asked; the last row to be dropped. */
  reason: string | null;
  /** Decisions of the steps before this one, oldest first. */
  earlier: EarlierDecision[];
  stepName: string;
  /** 0-based position of the step, and how many steps the flow has. */
  stepIndex: number;
  stepCount: number;
  /** 会签 steps: approvals so far of the approvers still counted. */
  allProgress?: { approved: number; counted: number };
  /** True when approving needs facts only the page asks for (finance's payout): 同意 opens the page. */
  approveOnPage?: boolean;
  /** The step's state line once it is decided; undefined while it is open (the card has buttons). */
  state: string | undefined;
  detailUrl: string;
};

/** The rows to show: at most `max`, chosen by `rank` (lower is kept longer), in their given order. */
export function rowsByPriority(rows: { row: CardRow; rank: number }[], max = APPROVAL_CARD_MAX_ROWS): CardRow[] {
  const kept = new Set(
    rows
      .map((r, index) => ({ ...r, index }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .slice(0, max)
      .map((r) => r.index),
  );
  return rows.filter((_, index) => kept.has(index)).map((r) => r.row);
}

function stepRows(view: ApprovalStepCardView): CardRow[] {
  const facts = view.facts.map((row, i) => ({ row, rank: i < 2 ? 1 + i : 100 + i }));
  // Newest decision kept first: it is what the current approver most needs.
  const earlier = view.earlier.map((d, i) => ({ row: { key: d.stepName, value: d.text }, rank: 10 + (view.earlier.length - i) }));
  const reason = view.reason ? [{ row: { key: "事由", value: view.reason }, rank: 0 }] : [];
  return rowsByPriority([...facts, ...earlier, ...reason]);
}

function stepActions(view: ApprovalStepCardView): CardAction[] {
  if (view.state) return [];
  const approve: CardAction = view.approveOnPage
    ? { key: APPROVE_KEY, text: "去填写打款", style: "primary", url: APPROVE_PAGE_QUERY }
    : { key: APPROVE_KEY, text: "同意", style: "primary" };
  // A rejection needs a reason: 驳回 opens the detail page with the reject dialog.
  return [approve, { key: REJECT_KEY, text: "驳回", style: "danger", url: REJECT_PAGE_QUERY }];
}

/** The card of an approval step, as every approver's copy shows it. */
export function approvalStepCard(view: ApprovalStepCardView): CardContent {
  const progress = view.allProgress ? ` · 会签 ${view.allProgress.approved}/${view.allProgress.counted}` : "";
  return {
    kind: APPROVAL_TASK_CARD_KIND,
    title: view.title,
    subtitle: `${view.requesterLabel} 提交 · ${view.stepName}（${view.stepIndex + 1}/${view.stepCount}）${progress}`,
    rows: stepRows(view),
    detailUrl: view.detailUrl,
    actions: stepActions(view),
    ...(view.state ? { state: view.state } : {}),
  };
}

export type ApprovalResultCardView = {
  title: string;
  facts: CardRow[];
  reason: string | null;
  approved: boolean;
  /** When it was decided, as people read it ("3月2日 14:05"). */
  at: string;
  /** Why it was rejected (the rejecting approver's comment). */
  rejectReason: string | null;
  detailUrl: string;
};

/** The requester's card when the flow ends: approved, or "已驳回：<理由>". */
export function approvalResultCard(view: ApprovalResultCardView): CardContent {
  const rejectRow = !view.approved && view.rejectReason ? [{ row: { key: "驳回理由", value: view.rejectReason }, rank: -1 }] : [];
  const facts = view.facts.map((row, i) => ({ row, rank: i < 2 ? 1 + i : 100 + i }));
  const reason = view.reason ? [{ row: { key: "事由", value: view.reason }, rank: 0 }] : [];
  const state = view.approved ? `已通过 · ${view.at}` : `${view.rejectReason ? `已驳回：${view.rejectReason}` : "已驳回"} · ${view.at}`;
  return {
    kind: APPROVAL_RESULT_CARD_KIND,
    title: view.approved ? `${view.title} · 已通过` : `${view.title} · 已驳回`,
    subtitle: "你提交的申请有了结果",
    rows: rowsByPriority([...rejectRow, ...facts, ...reason]),
    detailUrl: view.detailUrl,
    actions: [],
    state,
  };
}
