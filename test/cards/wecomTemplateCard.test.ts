// WeCom renderer: every limit at its edge, Chinese and emoji text, and a snapshot of a leave card.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WECOM_LIMITS, renderWecomTemplateCard } from "../../cards/wecomTemplateCard";
import { leaveCard, repeat } from "./fixtures";

describe("renderWecomTemplateCard", () => {
  it("renders a leave-approval card (snapshot)", () => {
    assert.deepEqual(renderWecomTemplateCard(leaveCard()), {
      card_type: "button_interaction",
      task_id: "leave_42_a1b2",
      main_title: { title: "请假审批", desc: "王小明 申请请假" },
      horizontal_content_list: [
        { keyname: "学员", value: "王小明" },
        { keyname: "课程", value: "少儿编程 L2" },
        { keyname: "日期", value: "11月25日 18:00" },
      ],
      card_action: { type: 1, url: "https://xueguan.example.com/leave/42" },
      button_list: [
        { text: "同意", style: 1, key: "approve" },
        { text: "拒绝", style: 4, key: "reject" },
      ],
    });
  });

  it("renders the decided card for update_template_card with replace_text", () => {
    const out = renderWecomTemplateCard(leaveCard({ state: "已由 王芳 于 11月23日 10:05 同意" }));
    assert.equal(out.replace_text, "已由 王芳 于 11月23日 10:05 同意");
    assert.equal(out.button_list.length, 2);
  });

  it("task_id: allowed characters and 128 bytes at the edge, refused otherwise", () => {
    const max = repeat("a", WECOM_LIMITS.taskIdBytes - 2) + "-@";
    assert.equal(renderWecomTemplateCard(leaveCard({ taskId: max })).task_id, max);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ taskId: max + "b" })), /128/);
    for (const bad of ["leave 42", "请假_42", "leave.42", "leave/42", "😀"]) {
      assert.throws(() => renderWecomTemplateCard(leaveCard({ taskId: bad })), /task_id/);
    }
  });

  it("title and desc: at the limit unchanged, one over cut with …", () => {
    const title = repeat("审", WECOM_LIMITS.title);
    const desc = repeat("述", WECOM_LIMITS.desc);
    const ok = renderWecomTemplateCard(leaveCard({ title, subtitle: desc }));
    assert.deepEqual(ok.main_title, { title, desc });
    const over = renderWecomTemplateCard(leaveCard({ title: title + "审", subtitle: desc + "述" }));
    assert.equal(over.main_title.title, repeat("审", WECOM_LIMITS.title - 1) + "…");
    assert.equal(over.main_title.desc, repeat("述", WECOM_LIMITS.desc - 1) + "…");
  });

  it("counts emoji as one character", () => {
    const title = repeat("🎉", WECOM_LIMITS.title);
    assert.equal(renderWecomTemplateCard(leaveCard({ title })).main_title.title, title);
    const cut = renderWecomTemplateCard(leaveCard({ title: title + "🎉" })).main_title.title;
    assert.equal(Array.from(cut).length, WECOM_LIMITS.title);
    assert.ok(cut.endsWith("🎉…"));
  });

  it("rows: 6 pass, 7 refused; keyname and value cut at their limits", () => {
    const six = Array.from({ length: WECOM_LIMITS.rows }, (_, i) => ({ key: `项${i}`, value: "v" }));
    assert.equal(renderWecomTemplateCard(leaveCard({ rows: six })).horizontal_content_list?.length, 6);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ rows: [...six, { key: "多", value: "v" }] })), /at most 6 rows/);
    const rows = [
      { key: "退费金额", value: "¥12,345.67" },
      { key: "五个字的键", value: repeat("值", WECOM_LIMITS.rowValue) },
      { key: "六个字的键名", value: repeat("值", WECOM_LIMITS.rowValue + 1) },
      { key: "学员", value: "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜" },
    ];
    assert.deepEqual(renderWecomTemplateCard(leaveCard({ rows })).horizontal_content_list, [
      { keyname: "退费金额", value: "¥12,345.67" },
      { keyname: "五个字的键", value: repeat("值", WECOM_LIMITS.rowValue) },
      { keyname: "六个字的…", value: repeat("值", WECOM_LIMITS.rowValue - 1) + "…" },
      { keyname: "学员", value: "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜…" },
    ]);
  });

  it("buttons: 6 pass, 7 refused, none refused; text cut at 10; keys unique and ≤1024 bytes", () => {
    const six = Array.from({ length: WECOM_LIMITS.buttons }, (_, i) => ({ key: `k${i}`, text: `按钮${i}`, style: "default" as const }));
    assert.equal(renderWecomTemplateCard(leaveCard({ actions: six })).button_list.length, 6);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ actions: [...six, { key: "k7", text: "多", style: "default" }] })), /at most 6 buttons/);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ actions: [], detailUrl: undefined })), /at least one button/);
    const todoCard = renderWecomTemplateCard(leaveCard({ actions: [], detailUrl: "https://xg.example.com/app/approvals/7" }));
    assert.deepEqual(todoCard.button_list, [{ text: "查看详情", style: 1, type: 1, url: "https://xg.example.com/app/approvals/7" }], "a card without actions links to its page");
    const decided = renderWecomTemplateCard(leaveCard({ actions: [], state: "已确认 · 王芳 · 11-23 10:05" }));
    assert.equal(decided.button_list.length, 1, "a decided card without actions still has the button WeCom requires");
    assert.equal(decided.replace_text, "已确认 · 王芳 · 11-23 10:05");
    const text10 = repeat("确", WECOM_LIMITS.buttonText);
    const out = renderWecomTemplateCard(
      leaveCard({ actions: [{ key: "a", text: text10, style: "primary" }, { key: "b", text: text10 + "认", style: "default" }] }),
    );
    assert.deepEqual(out.button_list, [
      { text: text10, style: 1, key: "a" },
      { text: repeat("确", 9) + "…", style: 2, key: "b" },
    ]);
    const key1024 = repeat("k", WECOM_LIMITS.buttonKeyBytes);
    assert.equal(renderWecomTemplateCard(leaveCard({ actions: [{ key: key1024, text: "同意", style: "primary" }] })).button_list[0]?.key, key1024);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ actions: [{ key: key1024 + "k", text: "同意", style: "primary" }] })), /1024 bytes/);
    const dup = [{ key: "a", text: "同意", style: "primary" as const }, { key: "a", text: "拒绝", style: "danger" as const }];
    assert.throws(() => renderWecomTemplateCard(leaveCard({ actions: dup })), /not unique/);
  });

  it("replace_text cut at its limit; over-long detail url refused", () => {
    const state = repeat("同", WECOM_LIMITS.replaceText);
    assert.equal(renderWecomTemplateCard(leaveCard({ state })).replace_text, state);
    assert.equal(renderWecomTemplateCard(leaveCard({ state: state + "意" })).replace_text, repeat("同", WECOM_LIMITS.replaceText - 1) + "…");
    const base = "https://x.cn/";
    const url = base + repeat("a", WECOM_LIMITS.urlBytes - base.length);
    assert.equal(renderWecomTemplateCard(leaveCard({ detailUrl: url })).card_action?.url, url);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ detailUrl: url + "a" })), /url/);
  });
});
