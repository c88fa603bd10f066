import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { cardDeliveries, outboxMessages } from "../../server/db/schema";
import { inTransaction } from "../../server/core/context";
import { deliveryTaskId, sendCard, updateCard } from "../../server/outbox/cardOutbox";
import { enqueueOutbox } from "../../server/outbox/enqueueOutbox";
import { DEFAULT_RATE_RULES } from "../../server/outbox/rateLimits";
import { content, outboxKit, type OutboxKit } from "./outboxKit";
import type { ScriptedCall } from "./scriptedPlatform";

describe("outbox dispatcher: ordering, concurrency and the loop", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  /** A card copy for `staffId` whose send row uses `orderingKey` (several copies may share one, to test ordering). */
  const copyWithKey = (staffId: number, cardId: number, orderingKey: string): number =>
    inTransaction(k.ctx, (tx) => {
      const now = tx.clock.now();
      const d = tx.db
        .insert(cardDeliveries)
        .values({ cardId, staffId, taskId: deliveryTaskId(cardId, staffId), createdAt: now, updatedAt: now })
        .returning()
        .get();
      enqueueOutbox(tx, { kind: "card.send", dedupeKey: `card.send:${d.id}`, orderingKey, payload: { deliveryId: d.id } });
      return d.id;
    });

  it("never runs two rows of one ordering key at the same time, and runs them in id order", async () => {
    const people = Array.from({ length: 12 }, () => k.dingtalkStaff());
    const cardId = sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: [] });
    const keyOfTask = new Map<string, string>();
    const idOfTask = new Map<string, number>();
    people.forEach((p, i) => {
      const key = `group:${i % 3}`;
      const deliveryId = copyWithKey(p.id, cardId, key);
      const taskId = k.deliveries().find((d) => d.id === deliveryId)?.taskId ?? "";
      keyOfTask.set(taskId, key);
      idOfTask.set(taskId, deliveryId);
    });
    const overlaps: string[] = [];
    k.dingtalk.onCall = (call: ScriptedCall) => {
      if (call.op !== "sendCard") return;
      const key = keyOfTask.get(call.input.card.taskId);
      const same = k.dingtalk.active.filter((c) => c !== call && c.op === "sendCard" && keyOfTask.get(c.input.card.taskId) === key);
      if (same.length > 0) overlaps.push(key ?? "?");
    };

    const summary = await k.dispatcher.runOnce();
    assert.equal(summary.claimed, 12);
    assert.equal(summary.done, 12);
    assert.deepEqual(overlaps, [], "no two calls of one ordering key overlapped");
    assert.equal(k.dingtalk.maxActive, 3, "the three keys went out side by side");
    for (const key of ["group:0", "group:1", "group:2"]) {
      const order = k.dingtalk
        .ops("sendCard")
        .filter((c) => keyOfTask.get(c.input.card.taskId) === key)
        .map((c) => idOfTask.get(c.input.card.taskId) ?? 0);
      assert.deepEqual(order, [...order].sort((a, b) => a - b), `${key} in id order`);
    }
  });

  it("keeps to the concurrency bound", async () => {
    const people = Array.from({ length: 20 }, () => k.dingtalkStaff());
    sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: people.map((p) => p.id) });
    const narrow = k.newDispatcher({ concurrency: 4 });
    assert.equal((await narrow.runOnce()).done, 20);
    assert.equal(k.dingtalk.maxActive, 4);
  });

  it("does not claim a row while an earlier row of its key is sending, pending later, or dead", async () => {
    const person = k.wecomStaff();
    const cardId = sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content("v1"), staffIds: [person.id] });
    const [send] = k.rows();
    updateCard(k.ctx, cardId, content("v2"));
    const setSend = (values: Partial<typeof outboxMessages.$inferInsert>) =>
      k.db.update(outboxMessages).set(values).where(eq(outboxMessages.id, send?.id ?? 0)).run();

    setSend({ status: "sending", claimedAt: k.clock.now() });
    assert.equal((await k.dispatcher.runOnce()).claimed, 0, "sending blocks");
    setSend({ status: "pending", claimedAt: null, nextAttemptAt: k.clock.now() + 60_000 });
    assert.equal((await k.dispatcher.runOnce()).claimed, 0, "pending but not due blocks");
    setSend({ status: "dead" });
    assert.equal((await k.dispatcher.runOnce()).claimed, 0, "dead blocks");
    assert.equal(k.wecom.calls.length, 0);
    setSend({ status: "done" });
    assert.equal((await k.dispatcher.runOnce()).claimed, 1, "a finished send lets its update go");
  });

  it("puts the rest of a chain back, untouched, when a row of it fails", async () => {
    const person = k.dingtalkStaff();
    const cardId = sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content("v1"), staffIds: [person.id] });
    updateCard(k.ctx, cardId, content("v2"));
    k.dingtalk.failNext("sendCard", new Error("boom"));
    const summary = await k.dispatcher.runOnce();
    assert.equal(summary.claimed, 2);
    assert.equal(summary.retried, 1);
    assert.equal(summary.released, 1);
    const update = k.rows()[1];
    assert.equal(update?.status, "pending");
    assert.equal(update?.attempts, 0);
    assert.equal(update?.claimedAt, null);
    assert.equal(k.dingtalk.ops("updateCard").length, 0);
  });

  it("loops when started: a wake delivers at once, stop waits for the batch in flight", async () => {
    const loop = k.newDispatcher({ intervalMs: 60_000 });
    const person = k.wecomStaff();
    loop.wake(); // not started: nothing happens
    loop.start();
    sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: [person.id] });
    const release = k.wecom.hold("sendCard");
    const call = k.wecom.nextCall("sendCard");
    loop.wake();
    await call;
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(stopped, false, "stop waits for the call in flight");
    assert.equal(k.rows()[0]?.status, "sending");
    release();
    await stopping;
    assert.equal(k.rows()[0]?.status, "done");

    // Stopped: a wake does nothing any more.
    sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "2", content: content(), staffIds: [person.id] });
    loop.wake();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(k.rows()[1]?.status, "pending");
  });

  it("runs batches one after the other when asked twice at once", async () => {
    const person = k.wecomStaff();
    sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: [person.id] });
    const [a, b] = await Promise.all([k.dispatcher.runOnce(), k.dispatcher.runOnce()]);
    assert.equal(a.claimed + b.claimed, 1);
    assert.equal(k.wecom.calls.length, 1);
  });

  it("after a batch that met a spent rate budget, the loop waits before the next one, however often it is woken", async () => {
    const rateRules = { ...DEFAULT_RATE_RULES, wecomApi: [{ limit: 2, windowMs: 1_000 }] };
    const loop = k.newDispatcher({ intervalMs: 60_000, budgetWaitMs: 300, rateRules });
    const people = Array.from({ length: 10 }, () => k.wecomStaff());
    for (const [i, person] of people.entries()) {
      sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: String(i), content: content(), staffIds: [person.id] });
    }
    const sends = () => k.wecom.ops("sendCard").length;
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    loop.start();
    try {
      for (let i = 0; i < 100 && k.rows().some((r) => r.status === "sending" || r.claimedAt !== null); i++) await sleep(5);
      await sleep(20);
      assert.equal(sends(), 2, "the first batch spent the budget and deferred the rest");

      k.clock.advance(1_000); // the window has moved on: the deferred rows are due and two slots are free
      for (let i = 0; i < 10; i++) {
        loop.wake();
        await sleep(10);
      }
      assert.equal(sends(), 2, "no batch within the wait, woken or not");
      await sleep(300);
      assert.equal(sends(), 4, "the next batch came after the wait");
    } finally {
      await loop.stop();
    }
  });
});
