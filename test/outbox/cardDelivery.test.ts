import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { cardDeliveries } from "../../server/db/schema";
import { addCardRecipient, keepResponseCode, sendCard, updateCard } from "../../server/outbox/cardOutbox";
import { enqueueOutbox } from "../../server/outbox/enqueueOutbox";
import { makeStaff } from "../helpers/factories";
import { content, drain, outboxKit, type OutboxKit } from "./outboxKit";

describe("outbox: cards", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  const send = (staffIds: number[], title = "请假审批") => sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "42", content: content(title), staffIds });

  it("sends a card on WeCom with the copy's task id and keeps what WeCom answered", async () => {
    const person = k.wecomStaff();
    send([person.id]);
    const summary = await k.dispatcher.runOnce();
    assert.deepEqual(summary, { claimed: 1, done: 1, retried: 0, throttled: 0, dead: 0, deferred: 0, released: 0, parked: 0 });

    const [call] = k.wecom.ops("sendCard");
    const [delivery] = k.deliveries();
    assert.ok(call && delivery);
    assert.equal(call.input.card.taskId, delivery.taskId);
    assert.equal(call.input.card.title, "请假审批");
    assert.deepEqual(call.input.to, [{ userId: person.wecomUserId }]);
    assert.equal(delivery.status, "sent");
    assert.equal(delivery.platform, "wecom");
    assert.equal(delivery.platformUserId, person.wecomUserId);
    assert.equal(delivery.shownVersion, 1);
    assert.equal(delivery.responseCode, "rc-1");
    assert.equal(delivery.responseCodeAt, k.clock.now());
    const [row] = k.rows();
    assert.equal(row?.status, "done");
    assert.equal(row?.deliveredAt, k.clock.now());
    assert.equal(row?.outcome, null);
    assert.equal(row?.claimedAt, null);
    assert.equal(k.dingtalk.calls.length, 0);
  });

  it("chooses WeCom when the person has both accounts, DingTalk (with the union id) when only that", async () => {
    const both = makeStaff(k.db, { wecomUserId: "wx_both", dingtalkUserId: "dd_both", dingtalkUnionId: "u_both" });
    const dingOnly = k.dingtalkStaff();
    send([both.id, dingOnly.id]);
    await k.dispatcher.runOnce();
    assert.deepEqual(k.wecom.ops("sendCard")[0]?.input.to, [{ userId: "wx_both" }]);
    assert.deepEqual(k.dingtalk.ops("sendCard")[0]?.input.to, [{ userId: dingOnly.dingtalkUserId, unionId: dingOnly.dingtalkUnionId }]);
    const byStaff = new Map(k.deliveries().map((d) => [d.staffId, d]));
    assert.equal(byStaff.get(both.id)?.platform, "wecom");
    assert.equal(byStaff.get(dingOnly.id)?.platform, "dingtalk");
    assert.equal(byStaff.get(dingOnly.id)?.responseCode, null, "DingTalk gives no response code");
  });

  it("uses DingTalk for a person with both accounts when WeCom is off", async () => {
    const off = outboxKit({ wecom: false });
    try {
      const both = makeStaff(off.db, { wecomUserId: "wx_b2", dingtalkUserId: "dd_b2", dingtalkUnionId: "u_b2" });
      sendCard(off.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: [both.id] });
      await off.dispatcher.runOnce();
      assert.equal(off.dingtalk.ops("sendCard").length, 1);
      assert.equal(off.deliveries()[0]?.platform, "dingtalk");
    } finally {
      off.close();
    }
  });

  it("marks a person without any account `no_account`; their updates are `not_sent`", async () => {
    const nobody = makeStaff(k.db);
    const cardId = send([nobody.id]);
    await k.dispatcher.runOnce();
    assert.equal(k.deliveries()[0]?.status, "no_account");
    assert.equal(k.rows()[0]?.status, "done");
    assert.equal(k.rows()[0]?.outcome, "no_account");

    updateCard(k.ctx, cardId, content("已同意"));
    await k.dispatcher.runOnce();
    assert.equal(k.rowsOf("card.update")[0]?.outcome, "not_sent");
    assert.equal(k.wecom.calls.length + k.dingtalk.calls.length, 0);
  });

  it("delivers a send and its queued updates in order, coalesced: the send shows the latest version", async () => {
    const person = k.wecomStaff();
    const cardId = send([person.id], "v1");
    updateCard(k.ctx, cardId, content("v2"));
    updateCard(k.ctx, cardId, content("v3"));
    const summary = await k.dispatcher.runOnce();
    assert.equal(summary.claimed, 3, "the chain of one ordering key is claimed together");
    assert.equal(summary.done, 3);
    assert.deepEqual(
      k.wecom.calls.map((c) => c.op),
      ["sendCard"],
      "the updates are superseded: one call",
    );
    assert.equal(k.wecom.ops("sendCard")[0]?.input.card.title, "v3");
    assert.deepEqual(
      k.rows().map((r) => [r.kind, r.outcome]),
      [
        ["card.send", null],
        ["card.update", "superseded"],
        ["card.update", "superseded"],
      ],
    );
    assert.equal(k.deliveries()[0]?.shownVersion, 3);
    assert.equal(k.deliveries()[0]?.responseCode, "rc-1", "the code is still unused");
  });

  it("updates a sent WeCom card with its response code once; without a fresh code the card stays", async () => {
    const person = k.wecomStaff();
    const cardId = send([person.id], "v1");
    await k.dispatcher.runOnce();

    updateCard(k.ctx, cardId, content("v2"));
    await k.dispatcher.runOnce();
    const [update] = k.wecom.ops("updateCard");
    assert.ok(update);
    assert.equal(update.input.responseCode, "rc-1");
    assert.equal(update.input.card.title, "v2");
    assert.deepEqual(update.input.to, [{ userId: person.wecomUserId }]);
    let delivery = k.deliveries()[0];
    assert.equal(delivery?.shownVersion, 2);
    assert.equal(delivery?.responseCode, null, "a response code is single use");
    assert.equal(delivery?.responseCodeAt, null);

    updateCard(k.ctx, cardId, content("v3"));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("updateCard").length, 1, "no second update with a used code");
    const last = k.rowsOf("card.update")[1];
    assert.equal(last?.status, "done");
    assert.equal(last?.outcome, "no_response_code");
    assert.ok(k.lines.some((l) => l.outboxId === last?.id && l.outcome === "no_response_code" && l.level === 40), "logged as a warning");

    // A click brings a new code: the next change goes out with it.
    keepResponseCode(k.ctx, k.deliveries()[0]?.id ?? 0, "click-code");
    updateCard(k.ctx, cardId, content("v4"));
    await k.dispatcher.runOnce();
    const updates = k.wecom.ops("updateCard");
    assert.equal(updates.length, 2);
    assert.ok(updates[1]);
    assert.equal(updates[1].input.responseCode, "click-code");
    assert.equal(updates[1].input.card.title, "v4");
    delivery = k.deliveries()[0];
    assert.equal(delivery?.shownVersion, 4);
    assert.equal(delivery?.responseCode, null);
  });

  it("keeps a newer code a click left while an update was in flight", async () => {
    const person = k.wecomStaff();
    const cardId = send([person.id], "v1");
    await k.dispatcher.runOnce();
    const deliveryId = k.deliveries()[0]?.id ?? 0;
    k.wecom.onCall = (call) => {
      if (call.op === "updateCard") keepResponseCode(k.ctx, deliveryId, "newer-click-code");
    };
    updateCard(k.ctx, cardId, content("v2"));
    await k.dispatcher.runOnce();
    assert.equal(k.deliveries()[0]?.responseCode, "newer-click-code");
  });

  it("does not use a WeCom response code older than 72 hours", async () => {
    const person = k.wecomStaff();
    const cardId = send([person.id], "v1");
    await k.dispatcher.runOnce();
    k.clock.advance(72 * 3_600_000 + 1);
    updateCard(k.ctx, cardId, content("v2"));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("updateCard").length, 0);
    assert.equal(k.rowsOf("card.update")[0]?.outcome, "no_response_code");
  });

  it("updates a DingTalk card by its outTrackId without a response code", async () => {
    const person = k.dingtalkStaff();
    const cardId = send([person.id], "v1");
    await k.dispatcher.runOnce();
    updateCard(k.ctx, cardId, content("v2"));
    updateCard(k.ctx, cardId, content("v3"));
    await drain(k);
    const updates = k.dingtalk.ops("updateCard");
    assert.equal(updates.length, 1, "v2 and v3 coalesce into one update showing v3");
    assert.ok(updates[0]);
    assert.equal(updates[0].input.card.title, "v3");
    assert.equal(updates[0].input.card.taskId, k.deliveries()[0]?.taskId);
    assert.deepEqual(updates[0].input.to, [{ userId: person.dingtalkUserId, unionId: person.dingtalkUnionId }]);
    assert.deepEqual(
      k.rowsOf("card.update").map((r) => r.outcome),
      [null, "superseded"],
    );
  });

  it("sends once when the same message is enqueued twice (dedupe key)", async () => {
    const person = k.wecomStaff();
    const cardId = send([person.id]);
    addCardRecipient(k.ctx, cardId, person.id);
    const deliveryId = k.deliveries()[0]?.id ?? 0;
    const again = enqueueOutbox(k.ctx, {
      kind: "card.send",
      dedupeKey: `card.send:${deliveryId}`,
      orderingKey: `delivery:${deliveryId}`,
      payload: { deliveryId },
    });
    assert.equal(again, false);
    assert.equal(k.rows().length, 1);
    await drain(k);
    assert.equal(k.wecom.ops("sendCard").length, 1);
  });

  it("refuses a card the model schema rejects: dead at once, the copy marked failed", async () => {
    const person = k.wecomStaff();
    sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content("", {}), staffIds: [person.id] });
    const summary = await k.dispatcher.runOnce();
    assert.equal(summary.dead, 1);
    assert.equal(k.rows()[0]?.lastErrorCode, "bad_card");
    assert.equal(k.deliveries()[0]?.status, "failed");
    assert.equal(k.wecom.calls.length, 0);
  });

  it("sends copies of one card to many people in parallel, each on its own", async () => {
    const people = Array.from({ length: 5 }, () => k.wecomStaff());
    send(people.map((p) => p.id));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 5);
    assert.ok(k.wecom.maxActive > 1, "copies go out concurrently");
    const delivered = k.db.select().from(cardDeliveries).where(eq(cardDeliveries.status, "sent")).all();
    assert.equal(new Set(delivered.map((d) => d.responseCode)).size, 5, "each copy keeps its own response code");
  });
});
