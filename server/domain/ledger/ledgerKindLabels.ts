// zh-CN names of ledger operations (课时流水), for the student's timeline.
import type { LedgerKind } from "../../db/schema";

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
