// The admins' notice when the school-wide binding-code lock begins: what stopped, until when, what still
// works and where to lift it; it renders on both platforms within their limits and can be acknowledged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bindingLockoutCard } from "../../cards/bindingLockoutCard";
import { renderDingtalkCard } from "../../cards/dingtalkCard";
import { acknowledgedNotice, NOTICE_ACK_KEY, NOTICE_CARD_KIND } from "../../cards/noticeCard";
import { renderWecomTemplateCard } from "../../cards/wecomTemplateCard";

describe("binding lock-out card", () => {
  it("says what stopped and until when, keeps name + mobile binding in view, and renders on both platforms", () => {
    const card = bindingLockoutCard({ failuresText: "100 次", sinceText: "3月2日 09:50", untilText: "3月2日 10:50", detailUrl: "https://xg.example.com/app/" });
    assert.equal(card.kind, NOTICE_CARD_KIND);
    assert.equal(card.title, "手机绑定码已暂停使用");
    assert.deepEqual(card.rows.slice(0, 3), [
      { key: "输错次数", value: "100 次" },
      { key: "开始计数", value: "3月2日 09:50" },
      { key: "自动恢复", value: "3月2日 10:50" },
    ]);
    assert.match(JSON.stringify(card.rows), /学员姓名和家长手机号/);
    assert.deepEqual(card.actions.map((a) => a.key), [NOTICE_ACK_KEY]);
    for (const c of [card, acknowledgedNotice(card, { who: "王芳", at: "3月2日 10:00" })]) {
      renderWecomTemplateCard({ ...c, taskId: "xg-1-2-abcdef" });
      renderDingtalkCard({ ...c, taskId: "xg-1-2-abcdef" });
    }
  });
});
