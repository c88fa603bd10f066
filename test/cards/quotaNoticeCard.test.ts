// The admins' notice when DingTalk's monthly API quota is 80% used: used / budget, when it resets, what
// waits and what to buy; it renders on both platforms within their limits (nothing cut) and can be
// acknowledged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { quotaNoticeCard } from "../../cards/quotaNoticeCard";
import { renderDingtalkCard } from "../../cards/dingtalkCard";
import { acknowledgedNotice, NOTICE_ACK_KEY, NOTICE_CARD_KIND } from "../../cards/noticeCard";
import { renderWecomTemplateCard } from "../../cards/wecomTemplateCard";

describe("quota notice card", () => {
  it("says how much is used, when it resets and what to buy, and renders uncut on both platforms", () => {
    const card = quotaNoticeCard({ platformName: "钉钉", month: "2026-12", usedText: "4000 次", budgetText: "5000 次", resetText: "1月1日", spent: false, detailUrl: "https://xg.example.com/app/" });
    assert.equal(card.kind, NOTICE_CARD_KIND);
    assert.equal(card.title, "钉钉本月接口调用额度即将用完");
    assert.deepEqual(card.rows.slice(0, 3), [
      { key: "月份", value: "2026-12" },
      { key: "已用/额度", value: "4000 次 / 5000 次" },
      { key: "额度重置", value: "1月1日" },
    ]);
    assert.match(JSON.stringify(card.rows), /专业版/);
    assert.deepEqual(card.actions.map((a) => a.key), [NOTICE_ACK_KEY]);
    for (const c of [card, acknowledgedNotice(card, { who: "王芳", at: "12月20日 10:00" })]) {
      const wecom = JSON.stringify(renderWecomTemplateCard({ ...c, taskId: "xg-1-2-abcdef" }));
      assert.doesNotMatch(wecom, /…/, "nothing cut on WeCom");
      renderDingtalkCard({ ...c, taskId: "xg-1-2-abcdef" });
    }
  });
});
