// Follow-up tasks (跟进待办): their kinds, states, outcomes and reason codes, with the zh-CN words the
// card, the server and the mini-app all use.
export const FOLLOWUP_TASK_KINDS = ["renewal", "visit", "churn", "reminder", "complaint_visit"] as const;
export type FollowupTaskKind = (typeof FOLLOWUP_TASK_KINDS)[number];

export const FOLLOWUP_TASK_KIND_LABELS: Record<FollowupTaskKind, string> = {
  renewal: "续费跟进",
  visit: "回访",
  churn: "流失预警",
  reminder: "跟进提醒",
  complaint_visit: "投诉回访",
};

export const FOLLOWUP_TASK_STATES = ["open", "done", "cancelled", "expired"] as const;
export type FollowupTaskState = (typeof FOLLOWUP_TASK_STATES)[number];

export const FOLLOWUP_TASK_STATE_LABELS: Record<FollowupTaskState, string> = {
  open: "待跟进",
  done: "已完成",
  cancelled: "已取消",
  expired: "已过期",
};
