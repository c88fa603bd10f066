import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fixedClock } from "../../server/core/clock";
import { sendCard } from "../../server/outbox/cardOutbox";
import { RateLimiter, type RateRules } from "../../server/outbox/rateLimits";
import { T0 } from "../helpers/testApp";
import { content, drain, outboxKit, type OutboxKit } from "./outboxKit";
import type { ScriptedCall } from "./scriptedPlatform";

/** The most calls in any closed window [t, t + windowMs] (the strictest reading of "per minute"). */
function busiestWindow(calls: ScriptedCall[], windowMs: number): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (const [i, start] of times.entries()) {
    let n = 0;
    for (let j = i; j < times.length && (times[j] ?? Infinity) <= start + windowMs; j++) n += 1;
    most = Math.max(most, n);
  }
  return most;
}

describe("outbox: platform rate limits", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  const cards = (staffIds: number[], n: number) => {
    for (let i = 0; i < n; i++) {
      sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: String(i), content: content(`卡片${i}`), staffIds });
    }
  };

  it("sends 60 cards to one WeCom member never more than 30 in any 60 s, all of them, each once", async () => {
    const person = k.wecomStaff();
    cards([person.id], 60);
    const rounds = await drain(k, { stepMs: 5_000, maxRounds: 100 });
    assert.ok(rounds < 100, "everything was delivered");

    const sends = k.wecom.ops("sendCard");
    assert.equal(sends.length, 60, "no card sent twice, none lost");
    assert.equal(new Set(sends.map((c) => c.input.card.taskId)).size, 60);
    assert.ok(busiestWindow(sends, 60_000) <= 30, `busiest minute: ${busiestWindow(sends, 60_000)}`);
    assert.ok(k.rows().every((r) => r.status === "done" && r.attempts === 0), "waiting for the budget costs no attempt");
    const last = Math.max(...sends.map((c) => c.at));
    assert.ok(last - T0 > 60_000, "the second half waited for the window");
  });

  it("keeps the per-member budget across a restart (the last hour is replayed from the outbox)", async () => {
    const person = k.wecomStaff();
    cards([person.id], 30);
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 30);

    k.clock.advance(10_000);
    const restarted = k.newDispatcher();
    cards([person.id], 5);
    const summary = await restarted.runOnce();
    assert.equal(summary.deferred, 5);
    assert.equal(k.wecom.ops("sendCard").length, 30, "the fresh process does not send the 31st within the minute");
    k.clock.advance(60_000);
    await restarted.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 35);
  });

  it("does not hold one member's cards against another's budget", async () => {
    const a = k.wecomStaff();
    const b = k.wecomStaff();
    cards([a.id], 31);
    cards([b.id], 1);
    await k.dispatcher.runOnce();
    const to = (userId: string | null) => k.wecom.ops("sendCard").filter((c) => c.input.to[0]?.userId === userId).length;
    assert.equal(to(a.wecomUserId), 30);
    assert.equal(to(b.wecomUserId), 1);
  });

  it("keeps DingTalk calls to 20 per second per API", async () => {
    const people = Array.from({ length: 50 }, () => k.dingtalkStaff());
    cards(
      people.map((p) => p.id),
      1,
    );
    await drain(k, { stepMs: 250, maxRounds: 100 });
    const sends = k.dingtalk.ops("sendCard");
    assert.equal(sends.length, 50);
    assert.ok(busiestWindow(sends, 999) <= 20, `busiest second: ${busiestWindow(sends, 999)}`);
  });
});

describe("RateLimiter", () => {
  const rules: RateRules = {
    wecomMember: [{ limit: 2, windowMs: 1_000 }],
    wecomApi: [{ limit: 3, windowMs: 1_000 }],
    dingtalkApi: [{ limit: 1, windowMs: 100 }],
  };
  const member = (m: string) => ({ platform: "wecom" as const, api: "message/send", member: m });

  it("counts calls in flight and frees a slot one window after a call returned", () => {
    const clock = fixedClock(T0);
    const limiter = new RateLimiter(clock, rules);
    const first = limiter.acquire(member("a"));
    const second = limiter.acquire(member("a"));
    assert.ok(first.ok && second.ok);
    const third = limiter.acquire(member("a"));
    assert.deepEqual(third, { ok: false, retryAt: T0 + 1_000 }, "both still in flight: a full window from now at the soonest");
    clock.advance(300);
    first.permit.release();
    first.permit.release();
    clock.advance(100);
    second.permit.release();
    assert.deepEqual(limiter.acquire(member("a")), { ok: false, retryAt: T0 + 300 + 1_000 }, "the first to return frees first");
    clock.set(T0 + 1_300);
    assert.equal(limiter.acquire(member("a")).ok, true);
  });

  it("applies the corp-wide API budget across members", () => {
    const clock = fixedClock(T0);
    const limiter = new RateLimiter(clock, rules);
    for (const m of ["a", "b", "c"]) assert.equal(limiter.acquire(member(m)).ok, true);
    assert.equal(limiter.acquire(member("d")).ok, false);
    assert.equal(limiter.acquire({ platform: "wecom", api: "message/update_template_card" }).ok, true, "another API has its own budget");
  });

  it("pauses an API when the platform said so, and forgets idle windows", () => {
    const clock = fixedClock(T0);
    const limiter = new RateLimiter(clock, rules);
    const call = { platform: "dingtalk" as const, api: "card/update" };
    limiter.pause(call, T0 + 5_000);
    assert.deepEqual(limiter.acquire(call), { ok: false, retryAt: T0 + 5_000 });
    clock.set(T0 + 5_000);
    const granted = limiter.acquire(call);
    assert.ok(granted.ok);
    granted.permit.release();
    clock.advance(100);
    limiter.sweep();
    assert.equal(limiter.acquire(call).ok, true);
  });

  it("counts calls replayed from before a restart", () => {
    const clock = fixedClock(T0);
    const limiter = new RateLimiter(clock, rules);
    limiter.record(member("a"), T0 - 500);
    limiter.record(member("a"), T0 - 900);
    assert.deepEqual(limiter.acquire(member("a")), { ok: false, retryAt: T0 - 900 + 1_000 });
  });
});
