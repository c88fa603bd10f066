// DingTalk renderer: outTrackId rules, 1 KB values by UTF-8 bytes, template slot counts, snapshot.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DINGTALK_LIMITS, renderDingtalkCard } from "../../cards/dingtalkCard";
import { utf8Length } from "../../cards/textLimits";
import { leaveCard, repeat } from "./fixtures";

const EMPTY_SLOTS = {
  row4Key: "", row4Value: "", row5Key: "", row5Value: "", row6Key: "", row6Value: "",
  action3Key: "", action3Text: "", action3Style: "", action3Url: "",
};

describe("renderDingtalkCard", () => {
  it("renders a leave-approval card (snapshot)", () => {
    assert.deepEqual(renderDingtalkCard(leaveCard()), {
      outTrackId: "leave_42_a1b2",
      cardData: {
        cardParamMap: {
          kind: "leave_approval",
          title: "请假审批",
          subtitle: "王小明 申请请假",
          detailUrl: "https://xueguan.example.com/leave/42",
          rowCount: "3",
          decided: "false",
          state: "",
          row1Key: "学员", row1Value: "王小明",
          row2Key: "课程", row2Value: "少儿编程 L2",
          row3Key: "日期", row3Value: "11月25日 18:00",
          action1Key: "approve", action1Text: "同意", action1Style: "primary", action1Url: "",
          action2Key: "reject", action2Text: "拒绝", action2Style: "danger", action2Url: "",
          ...EMPTY_SLOTS,
        },
      },
    });
  });

  it("marks a decided card and carries its state line", () => {
    const map = renderDingtalkCard(leaveCard({ state: "已由 王芳 于 11月23日 10:05 同意" })).cardData.cardParamMap;
    assert.equal(map.decided, "true");
    assert.equal(map.state, "已由 王芳 于 11月23日 10:05 同意");
  });

  it("all param values are strings and keys ≤100 bytes", () => {
    const map = renderDingtalkCard(leaveCard()).cardData.cardParamMap;
    for (const [key, value] of Object.entries(map)) {
      assert.equal(typeof value, "string");
      assert.ok(utf8Length(key) <= DINGTALK_LIMITS.paramKeyBytes);
    }
  });

  it("outTrackId: [A-Za-z0-9_-] up to 64 chars, refused otherwise", () => {
    const max = repeat("a", DINGTALK_LIMITS.outTrackId - 2) + "_-";
    assert.equal(renderDingtalkCard(leaveCard({ taskId: max })).outTrackId, max);
    assert.throws(() => renderDingtalkCard(leaveCard({ taskId: max + "a" })), /64/);
    for (const bad of ["leave@42", "leave 42", "请假42", "😀"]) {
      assert.throws(() => renderDingtalkCard(leaveCard({ taskId: bad })), /outTrackId/);
    }
  });

  it("values: 1024 UTF-8 bytes unchanged, one over cut with … within 1024 bytes", () => {
    const title = repeat("请", 341) + "a"; // 341×3 + 1 = 1024 bytes
    assert.equal(utf8Length(title), 1024);
    assert.equal(renderDingtalkCard(leaveCard({ title })).cardData.cardParamMap.title, title);
    const over = renderDingtalkCard(leaveCard({ title: title + "a" })).cardData.cardParamMap.title ?? "";
    assert.ok(utf8Length(over) <= DINGTALK_LIMITS.paramValueBytes);
    assert.equal(over, repeat("请", 340) + "…"); // the 4-byte-short tail is dropped whole, never split
    const emoji = repeat("😀", 256); // 1024 bytes
    assert.equal(renderDingtalkCard(leaveCard({ subtitle: emoji })).cardData.cardParamMap.subtitle, emoji);
    assert.equal(renderDingtalkCard(leaveCard({ subtitle: emoji + "😀" })).cardData.cardParamMap.subtitle, repeat("😀", 255) + "…");
  });

  it("rows: 6 pass, 7 refused; long Chinese names and amounts kept", () => {
    const six = Array.from({ length: DINGTALK_LIMITS.rows }, (_, i) => ({ key: `项${i}`, value: "v" }));
    assert.equal(renderDingtalkCard(leaveCard({ rows: six })).cardData.cardParamMap.row6Key, "项5");
    assert.throws(() => renderDingtalkCard(leaveCard({ rows: [...six, { key: "多", value: "v" }] })), /6 row slots/);
    const map = renderDingtalkCard(leaveCard({ rows: [{ key: "退费金额", value: "¥12,345.67" }, { key: "学员", value: "爱新觉罗·溥仪仪仪仪仪仪仪" }] })).cardData.cardParamMap;
    assert.equal(map.row1Value, "¥12,345.67");
    assert.equal(map.row2Value, "爱新觉罗·溥仪仪仪仪仪仪仪");
  });

  it("buttons: 3 pass, 4 refused; text cut at 10 chars; duplicate keys refused", () => {
    const three = Array.from({ length: DINGTALK_LIMITS.buttons }, (_, i) => ({ key: `k${i}`, text: `按钮${i}`, style: "default" as const }));
    assert.equal(renderDingtalkCard(leaveCard({ actions: three })).cardData.cardParamMap.action3Key, "k2");
    assert.throws(() => renderDingtalkCard(leaveCard({ actions: [...three, { key: "k4", text: "多", style: "default" }] })), /3 button slots/);
    const text10 = repeat("确", DINGTALK_LIMITS.buttonText);
    const map = renderDingtalkCard(leaveCard({ actions: [{ key: "a", text: text10, style: "primary" }, { key: "b", text: text10 + "认", style: "danger" }] })).cardData.cardParamMap;
    assert.equal(map.action1Text, text10);
    assert.equal(map.action2Text, repeat("确", 9) + "…");
    const dup = [{ key: "a", text: "同意", style: "primary" as const }, { key: "a", text: "拒绝", style: "danger" as const }];
    assert.throws(() => renderDingtalkCard(leaveCard({ actions: dup })), /not unique/);
  });
});
