// The pure card builders: what each card says for the facts the domain gives it, and that every card
// they build renders on both platforms within the platforms' limits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { approvalResultCard, approvalStepCard, APPROVE_KEY, REJECT_KEY } from "../../cards/approvalCards";
import type { CardContent } from "../../cards/cardModel";
import { renderDingtalkCard } from "../../cards/dingtalkCard";
import { makeupTodoCard } from "../../cards/makeupTodoCard";
import { acknowledgedNotice, connectionTestCard, NOTICE_ACK_KEY } from "../../cards/noticeCard";
import { renderWecomTemplateCard } from "../../cards/wecomTemplateCard";
import { repeat } from "./fixtures";

const facts = Array.from({ length: 8 }, (_, i) => ({ key: `事实${i + 1}`, value: repeat("长", 60) }));
const renderBoth = (c: CardContent) => {
  const card = { ...c, taskId: "xg-1-2-abcdef" };
  renderWecomTemplateCard(card);
  renderDingtalkCard(card);
};

describe("card builders", () => {
  const step = {
    title: "退费审批 · 王小明",
    requesterLabel: "李顾问",
    facts,
    stepName: "财务",
    stepIndex: 2,
    stepCount: 3,
    state: undefined,
    detailUrl: "https://xg.example.com/app/approvals/7",
  };

  it("an open step has both buttons and the step's place in the flow, after at most 6 rows", () => {
    const card = approvalStepCard(step);
    assert.deepEqual(card.actions.map((a) => a.key), [APPROVE_KEY, REJECT_KEY]);
    assert.equal(card.rows.length, 6);
    assert.deepEqual(card.rows.at(-1), { key: "审批步骤", value: "财务（3/3）" });
    assert.equal(card.subtitle, "李顾问 提交");
    assert.equal(card.state, undefined);
    renderBoth(card);
  });

  it("a decided 会签 step shows its progress and the state line instead of buttons", () => {
    const card = approvalStepCard({ ...step, allProgress: { approved: 2, counted: 3 }, state: "已同意 · 王老师 · 3月2日 14:05" });
    assert.deepEqual(card.actions, []);
    assert.equal(card.state, "已同意 · 王老师 · 3月2日 14:05");
    assert.deepEqual(card.rows.slice(-2), [
      { key: "审批步骤", value: "财务（3/3）" },
      { key: "会签进度", value: "已同意 2/3" },
    ]);
    renderBoth(card);
  });

  it("the result card says approved, or rejected with the reason", () => {
    const base = { title: "请假审批 · 王小明", facts, at: "3月2日 14:05", reason: null, detailUrl: step.detailUrl };
    assert.equal(approvalResultCard({ ...base, approved: true }).state, "已通过 · 3月2日 14:05");
    const rejected = approvalResultCard({ ...base, approved: false, reason: "课时不足" });
    assert.equal(rejected.title, "请假审批 · 王小明 · 已驳回");
    assert.equal(rejected.state, "已驳回 · 3月2日 14:05 · 理由：课时不足");
    renderBoth(rejected);
  });

  it("the make-up todo counts what is arranged", () => {
    const card = makeupTodoCard({ studentName: "王小明", courseNames: "数学", lessonsText: "3月9日 18:00", leaveKindLabel: "事假", assigned: 1, total: 2, detailUrl: step.detailUrl });
    assert.deepEqual(card.rows.at(-1), { key: "已安排", value: "1/2" });
    renderBoth(card);
  });

  it("a notice acknowledged keeps its facts and loses its button", () => {
    const card = connectionTestCard({ recipientName: "王芳", senderName: "管理员", sentAt: "11月23日 10:00" });
    assert.equal(card.actions[0]?.key, NOTICE_ACK_KEY);
    const done = acknowledgedNotice(card, { who: "王芳", at: "11月23日 10:05" });
    assert.deepEqual(done.rows, card.rows);
    assert.deepEqual(done.actions, []);
    assert.equal(done.state, "已确认 · 王芳 · 11月23日 10:05");
    renderBoth(done);
  });
});
