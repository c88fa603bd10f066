// The card of a follow-up task (跟进待办): the renewal, 回访, churn warning or reminder its owner acts
// on. The facts the rule saw (remaining hours, run-out date, 预收, the next term's class…) are its rows;
// the outcomes that need no reason are buttons that record at once, and an outcome that needs a reason
// (暂不续费, 已流失) opens the task's page, like 驳回 on approval cards. DingTalk's template has three
// button slots, so each kind offers at most three; the page offers every outcome. Once the outcome is
// recorded (on any path) every copy shows the state line in place of the buttons. Pure.
import type { CardAction, CardContent, CardRow } from "./cardModel";
import {
  FOLLOWUP_OUTCOME_LABELS,
  OUTCOMES_NEEDING_REASON,
  type FollowupOutcome,
  type FollowupTaskKind,
} from "../shared/followupTasks";

export const FOLLOWUP_TASK_CARD_KIND = "followup_task";
/** A button's key: `outcome:<code>`. */
export const OUTCOME_KEY_PREFIX = "outcome:";
/** The rows a card shows at most (both platforms show 6). */
const MAX_ROWS = 6;

/** The buttons each kind's card carries (at most three: DingTalk's template slots). */
const CARD_OUTCOMES: Record<FollowupTaskKind, readonly FollowupOutcome[]> = {
  renewal: ["contacted", "interested", "declined"],
  visit: ["visited", "unreachable"],
  churn: ["retained", "watching", "lost"],
  reminder: ["followed"],
  complaint_visit: ["satisfied", "unsatisfied"],
};

export type FollowupTaskCardView = {
  kind: FollowupTaskKind;
  /** "续费跟进 · 王小明". */
  title: string;
  /** Why it exists: "预计课时将用完 · 3月9日前处理". */
  subtitle: string;
  /** The facts, most important first (the student first). */
  rows: CardRow[];
  /** The task's page. */
  detailUrl: string;
  /** The state line once the task is closed. */
  state?: string;
};

export const outcomeKey = (outcome: FollowupOutcome) => `${OUTCOME_KEY_PREFIX}${outcome}`;

function actions(kind: FollowupTaskKind): CardAction[] {
  return CARD_OUTCOMES[kind].map((outcome, i) => {
    const text = FOLLOWUP_OUTCOME_LABELS[outcome];
    if (OUTCOMES_NEEDING_REASON.includes(outcome)) return { key: outcomeKey(outcome), text, style: "danger", url: `?outcome=${outcome}` };
    return { key: outcomeKey(outcome), text, style: i === 0 ? "primary" : "default" };
  });
}

export function followupTaskCard(view: FollowupTaskCardView): CardContent {
  return {
    kind: FOLLOWUP_TASK_CARD_KIND,
    title: view.title,
    subtitle: view.subtitle,
    rows: view.rows.slice(0, MAX_ROWS),
    detailUrl: view.detailUrl,
    actions: view.state ? [] : actions(view.kind),
    ...(view.state ? { state: view.state } : {}),
  };
}
