// The ticket cards: the queue card offers 认领 until someone has the ticket, then shows who; the notices
// name the target and its due time; all render on both platforms within their limits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderDingtalkCard } from "../../cards/dingtalkCard";
import { renderWecomTemplateCard } from "../../cards/wecomTemplateCard";
import { TICKET_CLAIM_KEY, TICKET_NOTICE_LEVELS, ticketClaimCard, ticketNoticeCard } from "../../cards/ticketCards";

const view = {
  typeName: "投诉",
  title: "上课迟到没人管",
  priorityLabel: "高",
  channelLabel: "电话",
  studentName: "王小明",
  campusName: "东城校区",
  detailUrl: "https://xg.example.com/app/tickets/7",
};

describe("ticket cards", () => {
  it("the queue card has 认领 until claimed, then the state line in its place", () => {
    const open = ticketClaimCard({ ...view, dueText: "3月2日 14:00" });
    assert.deepEqual(open.actions.map((a) => a.key), [TICKET_CLAIM_KEY]);
    assert.equal(open.rows.find((r) => r.key === "响应截止")?.value, "3月2日 14:00");
    const claimed = ticketClaimCard({ ...view, dueText: null, state: "已由 王芳 认领 · 3月2日 13:40" });
    assert.deepEqual(claimed.actions, []);
    assert.equal(claimed.state, "已由 王芳 认领 · 3月2日 13:40");
    for (const c of [open, claimed]) {
      const wecom = renderWecomTemplateCard({ ...c, taskId: "xg-1-2-abcdef" });
      assert.ok(wecom);
      renderDingtalkCard({ ...c, taskId: "xg-1-2-abcdef" });
    }
  });

  it("every notice names the target and due time, keeps to six rows of short keys, and renders on both platforms", () => {
    for (const level of TICKET_NOTICE_LEVELS) {
      const c = ticketNoticeCard({ ...view, level, targetText: "首次响应", dueText: "3月2日 14:00", waitText: level === "unassigned" ? "60 分钟" : undefined, assigneeName: null } as Parameters<typeof ticketNoticeCard>[0]);
      assert.ok(c.rows.length <= 6, level);
      assert.ok(c.rows.every((r) => r.key.length <= 5), level);
      assert.equal(c.rows.find((r) => r.key === "截止")?.value, "首次响应 3月2日 14:00", level);
      renderWecomTemplateCard({ ...c, taskId: "xg-1-2-abcdef" });
      renderDingtalkCard({ ...c, taskId: "xg-1-2-abcdef" });
    }
    assert.equal(ticketNoticeCard({ ...view, level: "breach", targetText: "首次响应", dueText: "3月2日 14:00", assigneeName: "王芳" }).title, "工单已超时 · 上课迟到没人管");
  });
});
