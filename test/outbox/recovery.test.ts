// The lane's circuit breaker on scripted platforms: a platform that fails three calls in a row is
// taken as down; its rows are parked without spending attempts while one row at a time probes it; the
// first answer brings every parked row back at once. The other platform is never parked.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { sendCard } from "../../server/outbox/cardOutbox";
import { content, outboxKit, type OutboxKit } from "./outboxKit";
import { platformError } from "./scriptedPlatform";

describe("outbox: a platform that is down, and comes back", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  const send = (staffId: number) => sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: [staffId] });

  it("parks WeCom's rows while it is down, probes it, and sends the backlog the moment it answers; DingTalk goes on", async () => {
    const start = k.clock.now();
    const back = start + 60_000;
    k.wecom.failWhile("sendCard", () => (k.clock.now() < back ? platformError("wecom", "transient", "network") : undefined));
    let parked = 0;
    for (let second = 0; second < 60; second++) {
      send(k.wecomStaff().id);
      send(k.dingtalkStaff().id);
      parked += (await k.dispatcher.runOnce()).parked;
      k.clock.advance(1_000);
    }
    const outageCalls = k.wecom.ops("sendCard").length;
    assert.ok(parked > 0, "rows were parked");
    assert.ok(outageCalls < 25, `few calls to a platform that is down: ${outageCalls} for 60 cards`);
    assert.equal(k.dingtalk.ops("sendCard").filter((c) => !c.failed).length, 60, "DingTalk delivered every second");
    // The few rows tried (before it looked down, and as probes) spent attempts; the parked ones none.
    const wecomRows = k.rows().filter((r) => k.deliveries().find((d) => d.id === (r.payload as { deliveryId: number }).deliveryId)?.platform !== "dingtalk");
    assert.ok(wecomRows.filter((r) => r.attempts === 0).length >= 40, `attempts: ${wecomRows.map((r) => r.attempts).join(",")}`);
    assert.ok(wecomRows.every((r) => r.attempts < 10));
    assert.ok(k.lines.some((l) => l.msg.startsWith("platform looks down") && l.platform === "wecom"));

    // Back: the next probe gets through, and with it the whole backlog.
    for (let i = 0; i < 10 && k.rows().some((r) => r.status !== "done"); i++) {
      await k.dispatcher.runOnce();
      k.clock.advance(1_000);
    }
    assert.ok(k.rows().every((r) => r.status === "done"));
    const lastSend = Math.max(...k.wecom.ops("sendCard").map((c) => c.at));
    assert.ok(lastSend - back <= 5_000, `backlog sent ${lastSend - back} ms after WeCom came back`);
    assert.ok(k.lines.some((l) => l.msg.startsWith("platform answers again") && l.platform === "wecom"));
  });

  it("one failure among successes parks nothing", async () => {
    const people = Array.from({ length: 5 }, () => k.wecomStaff());
    for (const p of people) send(p.id);
    k.wecom.failNext("sendCard", platformError("wecom", "transient", "network"));
    const summary = await k.dispatcher.runOnce();
    assert.equal(summary.retried, 1);
    assert.equal(summary.parked, 0);
    assert.equal(summary.done, 4);
  });
});
