// Issue 15 points 6 and 7 end to end: the dispatcher, the real adapters and the sandbox fakes over
// HTTP. Each platform has its own lane, so WeCom hanging (the sandbox's `slow` fault) does not hold
// DingTalk's cards; and a platform that answers again after an outage gets its whole backlog at once,
// in order, instead of each row waiting out its own backoff.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { updateCard } from "../../server/outbox/cardOutbox";
import type { SandboxCall } from "../../server/sandbox/sandboxTypes";
import { content, counts, DINGTALK_SEND, DINGTALK_UPDATE, startOverHttp, waitFor, WECOM_SEND, WECOM_UPDATE, type OverHttpKit } from "./overHttpKit";

/** The card a send or update call is about (WeCom task_id, DingTalk outTrackId). */
function taskOf(call: SandboxCall): string | undefined {
  const body = call.request as { template_card?: { task_id?: string }; outTrackId?: string } | undefined;
  return body?.template_card?.task_id ?? body?.outTrackId;
}

describe("outbox lanes: one platform's trouble stays its own", () => {
  let k: OverHttpKit | undefined;
  afterEach(async () => {
    k?.faults.clear();
    await k?.dispatcher.stop();
    await k?.close();
    k = undefined;
  });

  it("WeCom hanging (every send held 3 s): DingTalk cards still arrive promptly, one by one", async () => {
    const t = (k = await startOverHttp({ options: { intervalMs: 20 } }));
    const hang = t.faults.add({ platform: "wecom", api: "message/send", kind: "slow", delayMs: 3_000 });
    const loop = t.dispatcher;
    loop.start();
    // More WeCom cards than a lane has slots: eight calls hang, the rest wait in WeCom's queue.
    for (let i = 0; i < 20; i++) t.send([t.wecomMember().id], "企微");
    loop.wake();
    await waitFor(() => hang.hits >= 8, "eight WeCom sends hanging");

    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const person = t.dingtalkMember();
      const sentAt = performance.now();
      t.send([person.id], "钉钉");
      loop.wake();
      await waitFor(() => t.dingtalk.inbox(person.dingtalkUserId ?? "").length === 1, "the DingTalk card", 2_500);
      latencies.push(performance.now() - sentAt);
    }
    assert.equal(t.acceptedTaskIds(t.wecom).length, 0, "WeCom was still hanging all along");
    const worst = Math.max(...latencies);
    assert.ok(worst < 1_000, `DingTalk latencies while WeCom hangs: ${latencies.map((ms) => Math.round(ms)).join(", ")} ms`);
  });

  it("after a 60 s outage (5xx), each platform's backlog arrives within 15 s of recovery: once each, every update after its send", async () => {
    const t = (k = await startOverHttp());
    const start = t.clock.now();
    const recovery = start + 60_000;
    t.faults.add({ platform: "*", kind: "server_error", untilMs: recovery });
    const wecomCards: number[] = [];
    const dingtalkCards: number[] = [];
    // A card a second during the outage, on alternating platforms; every third one is decided (updated) 5 s later.
    for (let second = 0; second < 60; second++) {
      const wecom = second % 2 === 0;
      const person = wecom ? t.wecomMember() : t.dingtalkMember();
      (wecom ? wecomCards : dingtalkCards).push(t.send([person.id], `停机 ${second}`));
      const decided = second - 5;
      if (decided >= 0 && decided % 3 === 0) {
        const list = decided % 2 === 0 ? wecomCards : dingtalkCards;
        const cardId = list[Math.floor(decided / 2)];
        if (cardId !== undefined) updateCard(t.ctx, cardId, content(`已同意 ${decided}`));
      }
      await t.dispatcher.runOnce();
      t.clock.advance(1_000);
    }
    assert.equal(t.rows().filter((r) => r.status === "done").length, 0, "nothing got through the outage");
    assert.equal(t.rows().filter((r) => r.status === "dead").length, 0, "nothing given up");

    for (let round = 0; round < 120 && t.unfinished().length > 0; round++) {
      await t.dispatcher.runOnce();
      if (t.unfinished().length > 0) t.clock.advance(1_000);
    }
    assert.deepEqual(t.unfinished(), [], "the whole backlog went out");
    const drained = t.clock.now() - recovery;
    assert.ok(drained <= 15_000, `backlog (sends and updates) drained ${drained} ms after recovery`);

    // Exactly once, and per copy the update after its send.
    for (const fake of [t.wecom, t.dingtalk]) {
      const sendApi = fake === t.wecom ? WECOM_SEND : DINGTALK_SEND;
      const updateApi = fake === t.wecom ? WECOM_UPDATE : DINGTALK_UPDATE;
      const accepted = fake.calls.filter((c) => c.status === 200 && c.errorCode === undefined);
      const sends = accepted.filter((c) => c.api === sendApi).map((c) => taskOf(c) ?? "");
      assert.ok([...counts(sends).values()].every((n) => n === 1), `${fake.platform}: each card sent once`);
      assert.equal(sends.length, 30);
      const updates = accepted.filter((c) => c.api === updateApi);
      for (const u of updates) {
        const sentAt = accepted.findIndex((c) => c.api === sendApi && taskOf(c) === taskOf(u));
        assert.ok(sentAt >= 0 && sentAt < accepted.indexOf(u), `${fake.platform}: update of ${taskOf(u)} after its send`);
      }
    }
    // Every decided card shows its decision (a send after the decision already carries it: its update is superseded).
    for (const [cardId, decided] of [...wecomCards.map((id, i) => [id, 2 * i]), ...dingtalkCards.map((id, i) => [id, 2 * i + 1])]) {
      if (decided === undefined || decided % 3 !== 0 || decided > 54) continue;
      const copy = t.deliveries().find((d) => d.cardId === cardId);
      const fake = copy?.platform === "wecom" ? t.wecom : t.dingtalk;
      assert.equal(fake.inbox(copy?.platformUserId ?? "")[0]?.title, `已同意 ${decided}`, `card ${cardId} shows its decision`);
    }
  });
});
