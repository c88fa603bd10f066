// A leave-approval card shared by the card tests, so each test states only what it changes.
import type { CardModel } from "../../cards/cardModel";

export function leaveCard(overrides: Partial<CardModel> = {}): CardModel {
  return {
    kind: "leave_approval",
    taskId: "leave_42_a1b2",
    title: "请假审批",
    subtitle: "王小明 申请请假",
    rows: [
      { key: "学员", value: "王小明" },
      { key: "课程", value: "少儿编程 L2" },
      { key: "日期", value: "11月25日 18:00" },
    ],
    detailUrl: "https://xueguan.example.com/leave/42",
    actions: [
      { key: "approve", text: "同意", style: "primary" },
      { key: "reject", text: "拒绝", style: "danger" },
    ],
    ...overrides,
  };
}

/** `n` copies of `ch` (a code point), for edge-of-limit strings. */
export function repeat(ch: string, n: number): string {
  return Array.from({ length: n }, () => ch).join("");
}
