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
    reason: null,
    earlier: [],
    stepName: "财务",
    stepIndex: 2,
    stepCount: 3,
    state: undefined,
    detailUrl: "https://xg.example.com/app/approvals/7",
  };

  it("an open step has 同意 and a 驳回 that opens the page, the step's place in the subtitle, at most 6 rows", () => {
    const card = approvalStepCard(step);
    assert.deepEqual(card.actions.map((a) => [a.key, a.url]), [[APPROVE_KEY, undefined], [REJECT_KEY, "?action=reject"]]);
    assert.equal(card.rows.length, 6);
    assert.deepEqual(card.rows.map((r) => r.key), ["事实1", "事实2", "事实3", "事实4", "事实5", "事实6"]);
    assert.equal(card.subtitle, "李顾问 提交 · 财务（3/3）");
    assert.equal(card.state, undefined);
    renderBoth(card);
  });

  it("a decided 会签 step shows its progress and the state line instead of buttons", () => {
    const card = approvalStepCard({ ...step, allProgress: { approved: 2, counted: 3 }, state: "已同意 · 王老师 · 3月2日 14:05" });
    assert.deepEqual(card.actions, []);
    assert.equal(card.state, "已同意 · 王老师 · 3月2日 14:05");
    assert.equal(card.subtitle, "李顾问 提交 · 财务（3/3） · 会签 2/3");
    renderBoth(card);
  });

  it("事由 and the earlier decisions win over the lesser facts; 事由 is the last row dropped", () => {
    const card = approvalStepCard({
      ...step,
      reason: "家长工作调动，搬家到外地",
      earlier: [
        { stepName: "班主任", text: "赵雪 同意：家长说明情况属实" },
        { stepName: "校长", text: "王芳 同意" },
      ],
    });
    assert.deepEqual(card.rows.map((r) => r.key), ["事实1", "事实2", "事实3", "班主任", "校长", "事由"]);
    assert.deepEqual(card.rows.at(-1), { key: "事由", value: "家长工作调动，搬家到外地" });
    assert.deepEqual(card.rows[3], { key: "班主任", value: "赵雪 同意：家长说明情况属实" });
    const many = approvalStepCard({ ...step, reason: "搬家", earlier: Array.from({ length: 7 }, (_, i) => ({ stepName: `第${i + 1}步`, text: "同意" })) });
    assert.equal(many.rows.length, 6);
    assert.ok(many.rows.some((r) => r.key === "事由"), "事由 survives however many rows compete");
    assert.deepEqual(many.rows.slice(2, 5).map((r) => r.key), ["第5步", "第6步", "第7步"], "the newest decisions are kept");
    for (const c of [card, many]) {
      const key = { ...c, taskId: "xg-1-2-abcdef" };
      const wecom = renderWecomTemplateCard(key);
      assert.equal(wecom.horizontal_content_list?.at(-1)?.keyname, "事由");
      assert.equal(renderDingtalkCard(key).cardData.cardParamMap[`row${c.rows.length}Key`], "事由");
    }
  });

  it("the last step that needs the page's form opens it instead of approving blind", () => {
    const card = approvalStepCard({ ...step, approveOnPage: true });
    assert.deepEqual(card.actions.map((a) => [a.key, a.text, a.url]), [[APPROVE_KEY, "去填写打款", "?action=approve"], [REJECT_KEY, "驳回", "?action=reject"]]);
    const full = { ...card, taskId: "xg-1-2-abcdef" };
    const wecom = renderWecomTemplateCard(full);
    assert.deepEqual(wecom.button_list.map((b) => [b.type, b.url, b.key]), [
      [1, "https://xg.example.com/app/approvals/7?action=approve", undefined],
      [1, "https://xg.example.com/app/approvals/7?action=reject", undefined],
    ]);
    const ding = renderDingtalkCard(full).cardData.cardParamMap;
    assert.equal(ding.action2Url, "https://xg.example.com/app/approvals/7?action=reject");
    assert.equal(ding.action2Key, REJECT_KEY);
  });

  it("a breakdown too long for a row is never cut: the card says 明细见详情", () => {
    const detail = "奥数 20 课时：剩余 28.00 课时 × ¥180.00 = ¥5,040.00；英语：剩余 2.00 课时 × ¥100.00 = ¥200.00";
    const card = { ...approvalStepCard({ ...step, facts: [{ key: "明细", value: detail, overflow: "明细见详情" }] }), taskId: "xg-1-2-abcdef" };
    assert.equal(renderWecomTemplateCard(card).horizontal_content_list?.[0]?.value, "明细见详情");
    assert.equal(renderDingtalkCard(card).cardData.cardParamMap.row1Value, detail, "DingTalk has room for it whole");
  });

  it("the result card says approved, or 已驳回：<理由>", () => {
    const base = { title: "请假审批 · 王小明", facts, reason: "发烧", at: "3月2日 14:05", rejectReason: null, detailUrl: step.detailUrl };
    assert.equal(approvalResultCard({ ...base, approved: true }).state, "已通过 · 3月2日 14:05");
    const rejected = approvalResultCard({ ...base, approved: false, rejectReason: "课时不足" });
    assert.equal(rejected.title, "请假审批 · 王小明 · 已驳回");
    assert.equal(rejected.state, "已驳回：课时不足 · 3月2日 14:05");
    assert.deepEqual(rejected.rows[0], { key: "驳回理由", value: "课时不足" });
    assert.ok(rejected.rows.some((r) => r.key === "事由"));
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
