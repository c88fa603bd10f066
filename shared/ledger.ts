// The kinds of ledger operation (课时流水): the codes (the database enum) and their zh-CN names, for the
// student's timeline on the server and in the mini-app.
export const LEDGER_KINDS = [
  "purchase",
  "gift",
  "attendance",
  "absence",
  "correction",
  "transfer_out",
  "transfer_in",
  "refund",
  "expiry",
  "settle",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  purchase: "购买课时",
  gift: "赠送课时",
  attendance: "上课扣课时",
  absence: "缺勤扣课时",
  correction: "冲正",
  transfer_out: "转出课时",
  transfer_in: "转入课时",
  refund: "退课时",
  expiry: "课时过期",
  settle: "抵扣欠课时",
};
