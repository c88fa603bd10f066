// The follow-up task card: its buttons per kind (an outcome needing a reason opens the page), at most
// six rows, the state line in place of buttons once closed, and within both platforms' limits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { followupTaskCard, outcomeKey } from "../../cards/followupTaskCard";
import { renderDingtalkCard } from "../../cards/dingtalkCard";
import { renderWecomTemplateCard, WECOM_LIMITS } from "../../cards/wecomTemplateCard";
import { FOLLOWUP_TASK_KINDS } from "../../shared/followupTasks";
import { repeat } from "./fixtures";

const rows = Array.from({ length: 8 }, (_, i) => ({ key: `事实${i + 1}`, value: repeat("长", 60) }));
const view = { title: "续费跟进 · 王小明", subtitle: "预计课时将用完 · 3月9日前处理", rows, detailUrl: "https://xg.example.com/app/followups/7" };

describe("followupTaskCard", () => {
  it("renewal: 已联系 and 有意向 record at once, 暂不续费 opens the page for its reason", () => {
    const card = followupTaskCard({ ...view, kind: "renewal" });
    assert.deepEqual(
      card.actions.map((a) => [a.key, a.text, a.url]),
      [
        [outcomeKey("contacted"), "已联系", undefined],
        [outcomeKey("interested"), "有意向", undefined],
        [outcomeKey("declined"), "暂不续费", "?outcome=declined"],
      ],
    );
    assert.equal(card.rows.length, 6);
  });

  it("every kind renders on both platforms within their limits, open and closed", () => {
    for (const kind of FOLLOWUP_TASK_KINDS) {
      for (const state of [undefined, "暂不续费（价格） · 顾问丙 · 3月2日 09:00"]) {
        const card = { ...followupTaskCard({ ...view, kind, ...(state ? { state } : {}) }), taskId: "xg-1-2-abcdef" };
        assert.ok(card.actions.length <= 3, "DingTalk has three button slots");
        const wecom = renderWecomTemplateCard(card);
        assert.ok(wecom.main_title.title.length <= WECOM_LIMITS.title);
        assert.ok((wecom.horizontal_content_list ?? []).every((r) => r.keyname.length <= WECOM_LIMITS.rowKey && r.value.length <= WECOM_LIMITS.rowValue));
        renderDingtalkCard(card);
        if (state) assert.deepEqual(card.actions, []);
      }
    }
  });
});
