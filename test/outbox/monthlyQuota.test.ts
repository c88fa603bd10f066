// DingTalk's monthly API quota, spent for real: the dispatcher, the real DingTalk adapter and the
// sandbox fake with a small monthly budget, over HTTP, on the kit's fixed clock (overHttpKit.ts).
// The fake refuses a billable call past its budget with the real answer (403
// Forbidden.AccessDenied.ApiCountLimitForOrg); the outbox counts its own calls against the school's
// setting and spends the rest by priority.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { cards, institutionSettings, platformUsage } from "../../server/db/schema";
import { sendCard, updateCard } from "../../server/outbox/cardOutbox";
import { monthOf, nextMonthStart, QUOTA_NOTICE_REF } from "../../server/outbox/monthlyQuota";
import { platformQuotaBlock } from "../../server/domain/home/adminBlocks";
import { APPROVAL_TASK_CARD_KIND } from "../../cards/approvalCards";
import { ROLL_CALL_REMINDER_KIND } from "../../cards/rollCallReminderCard";
import { makeStaff } from "../helpers/factories";
import { T0 } from "../helpers/testApp";
import { content, DINGTALK_SEND, startOverHttp, type OverHttpKit } from "./overHttpKit";

const TZ = "Asia/Shanghai";
const QUOTA_CODE = "Forbidden.AccessDenied.ApiCountLimitForOrg";

describe("DingTalk's monthly API quota", () => {
  let k: OverHttpKit | undefined;
  afterEach(async () => {
    await k?.close();
    k = undefined;
  });

  /** The school's setting (the row getSettings would create, with our budget). */
  const setBudget = (kit: OverHttpKit, calls: number | null) => {
    kit.db
      .insert(institutionSettings)
      .values({ id: 1, dingtalkMonthlyCalls: calls, updatedAt: T0 })
      .onConflictDoUpdate({ target: institutionSettings.id, set: { dingtalkMonthlyCalls: calls } })
      .run();
  };
  let seq = 0;
  const sendOf = (kit: OverHttpKit, kind: string, staffId: number) =>
    sendCard(kit.ctx, { kind, refType: kind, refId: String(++seq), content: content(kind === APPROVAL_TASK_CARD_KIND ? "请假审批" : "点名提醒"), staffIds: [staffId] });
  const outcomeOfSend = (kit: OverHttpKit, cardId: number) => {
    const row = kit.rows().find((r) => r.kind === "card.send" && kit.deliveries().find((d) => d.id === (r.payload as { deliveryId: number }).deliveryId)?.cardId === cardId);
    assert.ok(row, `card ${cardId} has a send row`);
    return row;
  };
  const noticeCards = (kit: OverHttpKit) => kit.db.select().from(cards).where(eq(cards.refType, QUOTA_NOTICE_REF)).all();
  const usage = (kit: OverHttpKit) =>
    kit.db
      .select()
      .from(platformUsage)
      .where(and(eq(platformUsage.platform, "dingtalk"), eq(platformUsage.month, monthOf(kit.clock.now(), TZ))))
      .get();

  it("spends the budget by priority: admins told once at 80%, approvals before reminders, updates skipped when short, nothing dead, the rest at the month's turn", async () => {
    k = await startOverHttp({ dingtalk: { monthlyCalls: 10 } });
    const kit = k;
    setBudget(kit, 10);
    const teacher = kit.dingtalkMember();
    const approver = kit.dingtalkMember();
    const admin = makeStaff(kit.db, { name: "管理员", wecomUserId: "wx_quota_admin", roles: ["admin"] });

    // 7 of 10: below 80%, nobody told.
    const early = Array.from({ length: 7 }, () => sendOf(kit, ROLL_CALL_REMINDER_KIND, teacher.id));
    await kit.drain({ stepMs: 1_000, maxMs: 60_000 });
    assert.equal(usage(kit)?.calls, 7);
    assert.equal(noticeCards(kit).length, 0);

    // The 8th call crosses 80%: one notice card to the admins (delivered on WeCom, no DingTalk call).
    sendOf(kit, ROLL_CALL_REMINDER_KIND, teacher.id);
    await kit.drain({ stepMs: 1_000, maxMs: 60_000 });
    assert.equal(usage(kit)?.calls, 8);
    assert.equal(noticeCards(kit).length, 1);
    assert.equal(kit.wecom.inbox("wx_quota_admin").length, 1, "the admin has the notice");
    assert.equal(platformQuotaBlock({ ...kit.ctx, tz: TZ })?.used, 8, "工作台 shows used / budget");

    // 8 of 10, reserve 1 (10%): one more reminder goes, then only approval cards; reminders enqueued
    // first still wait behind them, and an update of a card already sent is skipped.
    const reminders = Array.from({ length: 3 }, () => sendOf(kit, ROLL_CALL_REMINDER_KIND, teacher.id));
    const approvals = Array.from({ length: 2 }, () => sendOf(kit, APPROVAL_TASK_CARD_KIND, approver.id));
    await kit.dispatcher.runOnce();
    assert.equal(outcomeOfSend(kit, reminders[0] ?? 0).status, "done");
    assert.equal(outcomeOfSend(kit, approvals[0] ?? 0).status, "done", "the approval card spends the reserve");
    for (const id of [reminders[1], reminders[2], approvals[1]]) {
      const row = outcomeOfSend(kit, id ?? 0);
      assert.equal(row.status, "pending");
      assert.equal(row.nextAttemptAt, nextMonthStart(kit.clock.now(), TZ), "waits for the month's start in the business time zone");
      assert.equal(row.lastErrorCode, "monthly_quota");
    }
    assert.equal(usage(kit)?.calls, 10);
    updateCard(kit.ctx, early[0] ?? 0, content("点名提醒（已点名）"));
    await kit.dispatcher.runOnce();
    const update = kit.rows().find((r) => r.kind === "card.update");
    assert.equal(update?.status, "done");
    assert.equal(update?.outcome, "quota_skipped");

    // No DingTalk call was refused: our count kept us inside the platform's.
    assert.ok(kit.dingtalk.calls.every((c) => c.errorCode !== QUOTA_CODE));
    assert.equal(kit.dingtalk.quota.used(), 10);
    assert.equal(noticeCards(kit).length, 1, "still one notice this month");

    // The month turns (Asia/Shanghai midnight): the waiting rows go, nothing died.
    const sentBefore = kit.callsOf(kit.dingtalk, DINGTALK_SEND).length;
    kit.clock.set(nextMonthStart(kit.clock.now(), TZ));
    await kit.drain({ stepMs: 1_000, maxMs: 60_000 });
    assert.equal(kit.unfinished().length, 0);
    assert.equal(kit.rows().filter((r) => r.status === "dead").length, 0);
    assert.equal(kit.callsOf(kit.dingtalk, DINGTALK_SEND).length - sentBefore, 3);
    assert.equal(usage(kit)?.calls, 3);
    assert.equal(noticeCards(kit).length, 1);
    void admin;
  });

  it("raising the allowance mid-month (the school bought more) sends what waits at once, not at the month's turn", async () => {
    k = await startOverHttp({ dingtalk: { monthlyCalls: 1000 } });
    const kit = k;
    setBudget(kit, 10);
    const teacher = kit.dingtalkMember();
    const reminders = Array.from({ length: 12 }, () => sendOf(kit, ROLL_CALL_REMINDER_KIND, teacher.id));
    await kit.drain({ stepMs: 1_000, maxMs: 30_000 });
    const waiting = () => reminders.map((id) => outcomeOfSend(kit, id)).filter((r) => r.status === "pending" && r.lastErrorCode === "monthly_quota");
    assert.equal(waiting().length, 3, "9 of 10 spent, the reserve is for approvals: 3 reminders wait");

    setBudget(kit, 100);
    const now = kit.clock.now();
    await kit.drain({ stepMs: 1_000, maxMs: 30_000 });
    assert.equal(waiting().length, 0);
    assert.equal(kit.unfinished().length, 0);
    assert.ok(kit.clock.now() < nextMonthStart(now, TZ), "before the month turned");
    assert.equal(usage(kit)?.calls, 12);
  });

  it("a quota error from DingTalk marks the month spent and the row waits for the next month, not dead", async () => {
    // One call at a time, so exactly one call meets the refusal.
    k = await startOverHttp({ dingtalk: { monthlyCalls: 2 }, options: { concurrency: 1 } });
    const kit = k;
    setBudget(kit, 100);
    makeStaff(kit.db, { name: "管理员", wecomUserId: "wx_quota_admin2", roles: ["admin"] });
    const approver = kit.dingtalkMember();
    const ids = Array.from({ length: 4 }, () => sendOf(kit, APPROVAL_TASK_CARD_KIND, approver.id));
    await kit.dispatcher.runOnce();
    await kit.dispatcher.runOnce();

    const refused = kit.dingtalk.calls.filter((c) => c.errorCode === QUOTA_CODE);
    assert.equal(refused.length, 1, "one refusal, then the outbox stops calling");
    assert.equal(refused[0]?.status, 403);
    const turn = nextMonthStart(kit.clock.now(), TZ);
    const waiting = ids.map((id) => outcomeOfSend(kit, id)).filter((r) => r.status === "pending");
    assert.equal(waiting.length, 2);
    for (const row of waiting) assert.equal(row.nextAttemptAt, turn);
    assert.equal(kit.rows().filter((r) => r.status === "dead").length, 0);
    assert.equal(usage(kit)?.calls, 100, "counted as spent (the platform's count includes the org's other apps)");
    assert.ok(usage(kit)?.spentAt);
    assert.equal(noticeCards(kit).length, 1, "the admins are told it is spent");

    kit.clock.set(turn);
    await kit.drain({ stepMs: 1_000, maxMs: 60_000 });
    assert.equal(kit.unfinished().length, 0);
    assert.equal(kit.rows().filter((r) => r.status === "dead").length, 0);
    assert.equal(kit.deliveries().filter((d) => d.status === "sent").length, 4 + 1, "every approval card and the notice");
  });
});
