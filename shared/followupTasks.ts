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

/** What became of a task (the outcome codes of every kind). `returned` is the system's: the student attended again. */
export const FOLLOWUP_OUTCOMES = [
  "contacted",
  "interested",
  "renewed",
  "declined",
  "unreachable",
  "visited",
  "retained",
  "watching",
  "lost",
  "returned",
  "followed",
  "satisfied",
  "unsatisfied",
] as const;
export type FollowupOutcome = (typeof FOLLOWUP_OUTCOMES)[number];

export const FOLLOWUP_OUTCOME_LABELS: Record<FollowupOutcome, string> = {
  contacted: "已联系",
  interested: "有意向",
  renewed: "已续费",
  declined: "暂不续费",
  unreachable: "无法联系",
  visited: "已回访",
  retained: "已挽回",
  watching: "继续观察",
  lost: "已流失",
  returned: "已恢复上课",
  followed: "已跟进",
  satisfied: "满意",
  unsatisfied: "不满意",
};

/** The outcomes a person may record, per kind, in the order the card and the page offer them. */
export const OUTCOMES_BY_KIND: Record<FollowupTaskKind, readonly FollowupOutcome[]> = {
  renewal: ["contacted", "interested", "renewed", "declined", "unreachable"],
  visit: ["visited", "unreachable"],
  churn: ["retained", "watching", "lost"],
  reminder: ["followed"],
  complaint_visit: ["satisfied", "unsatisfied"],
};

/** Why a family does not renew (or left): the renewal report explains its number with these. */
export const FOLLOWUP_REASONS = ["price", "schedule", "results", "moved", "other_school", "child_time", "other"] as const;
export type FollowupReason = (typeof FOLLOWUP_REASONS)[number];

export const FOLLOWUP_REASON_LABELS: Record<FollowupReason, string> = {
  price: "价格",
  schedule: "时间",
  results: "效果",
  moved: "搬家",
  other_school: "转机构",
  child_time: "孩子时间",
  other: "其他",
};

/** Outcomes that must say why (a reason code): recorded on the task's page, never by a card button. */
export const OUTCOMES_NEEDING_REASON: readonly FollowupOutcome[] = ["declined", "lost"];

/** The student tag an open churn episode shows (流失风险), and the prefix of its cause tag (流失风险·连续缺勤). */
export const CHURN_TAG = "流失风险";
/** System tags start so; staff cannot add or remove them as ordinary tags. */
export const isSystemTag = (tag: string) => tag === CHURN_TAG || tag.startsWith(`${CHURN_TAG}·`);

/** The rule triggers (why a task exists), with the words the card, the list and the firing log show. */
export const FOLLOWUP_TRIGGER_LABELS: Record<string, string> = {
  run_out: "预计课时将用完",
  low_hours: "剩余课时不足",
  expiring: "课时即将过期",
  owing: "欠课时",
  checkin_refused: "课时用完签到被拒",
  visit_start: "开课一周",
  visit_half: "课时过半",
  visit_end: "结课前一个月",
  absences: "连续缺勤",
  silent: "长期未上课",
  low_rate: "出勤率低",
  complaint: "投诉超时未解决",
  next_date: "约定的下次跟进",
  complaint_resolved: "投诉已解决待回访",
};
