import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { auditLog, outboxMessages } from "../../server/db/schema";
import { ServiceError } from "../../server/core/errors";
import { sendCard, updateCard } from "../../server/outbox/cardOutbox";
import { listOutbox } from "../../server/domain/outbox/listOutbox";
import { retryOutbox } from "../../server/domain/outbox/retryOutbox";
import { makeStaff, staffActor } from "../helpers/factories";
import { content, drain, outboxKit, type OutboxKit } from "./outboxKit";
import { platformError } from "./scriptedPlatform";

describe("outbox: failures, retries and dead letters", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  const send = (staffId: number, title = "请假审批") =>
    sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "42", content: content(title), staffIds: [staffId] });

  it("retries a transient failure after the backoff and then delivers it", async () => {
    const person = k.wecomStaff();
    send(person.id);
    k.wecom.failNext("sendCard", platformError("wecom", "transient", "-1"));
    const t0 = k.clock.now();
    const first = await k.dispatcher.runOnce();
    assert.equal(first.retried, 1);
    let row = k.rows()[0];
    assert.equal(row?.status, "pending");
    assert.equal(row?.attempts, 1);
    assert.equal(row?.lastErrorCode, "-1");
    assert.match(row?.lastError ?? "", /scripted transient failure/);
    // random 0.5 of a 2 s ceiling: 1 s.
    assert.equal(row?.nextAttemptAt, t0 + 1_000);
    const warn = k.lines.find((l) => l.outboxId === row?.id && l.level === 40);
    assert.equal(warn?.kind, "card.send");
    assert.equal(warn?.code, "-1");

    k.clock.advance(999);
    assert.equal((await k.dispatcher.runOnce()).claimed, 0, "not before its time");
    k.clock.advance(1);
    assert.equal((await k.dispatcher.runOnce()).done, 1);
    row = k.rows()[0];
    assert.equal(row?.status, "done");
    assert.equal(row?.lastError, null, "the error is cleared on success");
    assert.equal(k.wecom.ops("sendCard").length, 2);
    assert.equal(k.deliveries()[0]?.status, "sent");
  });

  it("gives up a permanent error at once: dead, listed, holding its updates until retried, then delivered", async () => {
    const person = k.wecomStaff();
    const cardId = send(person.id, "v1");
    k.wecom.failNext("sendCard", platformError("wecom", "permanent", "81013"));
    assert.equal((await k.dispatcher.runOnce()).dead, 1);
    const dead = k.rows()[0];
    assert.equal(dead?.status, "dead");
    assert.equal(dead?.attempts, 1);
    assert.equal(dead?.lastErrorCode, "81013");
    assert.equal(k.deliveries()[0]?.status, "failed");
    const error = k.lines.find((l) => l.outboxId === dead?.id && l.level === 50);
    assert.equal(error?.kind, "card.send");
    assert.equal(error?.code, "81013");

    // The dead send holds its update: nothing goes out for this copy.
    updateCard(k.ctx, cardId, content("v2"));
    k.clock.advance(60_000);
    assert.equal((await k.dispatcher.runOnce()).claimed, 0);
    assert.equal(k.wecom.calls.length, 1);

    const listed = listOutbox({ ctx: k.ctx, input: { status: "dead" } });
    assert.deepEqual(listed.items.map((r) => r.id), [dead?.id]);
    assert.equal(listOutbox({ ctx: k.ctx, input: { status: "pending" } }).items.length, 1);

    const retried = retryOutbox({ ctx: k.ctx, input: { id: dead?.id ?? 0 } });
    assert.equal(retried.status, "pending");
    assert.equal(retried.attempts, 0);
    assert.equal(retried.nextAttemptAt, k.clock.now());
    assert.equal(retried.lastErrorCode, "81013", "the error stays visible until delivered");
    const audit = k.db.select().from(auditLog).where(eq(auditLog.action, "outbox.retry")).all();
    assert.equal(audit.length, 1);

    await drain(k);
    assert.equal(k.rows()[0]?.status, "done");
    assert.equal(k.rows()[0]?.lastErrorCode, null);
    assert.equal(k.deliveries()[0]?.status, "sent");
    assert.equal(k.wecom.ops("sendCard")[1]?.input.card.title, "v2");
    assert.equal(k.rows()[1]?.outcome, "superseded", "the held update found the send already showing it");
  });

  it("refuses to retry a row that is not dead (409), a missing one (404), and staff without outbox.manage (403)", () => {
    const person = k.wecomStaff();
    send(person.id);
    const id = k.rows()[0]?.id ?? 0;
    assert.throws(
      () => retryOutbox({ ctx: k.ctx, input: { id } }),
      (err: unknown) => err instanceof ServiceError && err.code === "CONFLICT" && /已放弃/.test(err.message) && /待发送/.test(err.message),
    );
    assert.throws(
      () => retryOutbox({ ctx: k.ctx, input: { id: 99_999 } }),
      (err: unknown) => err instanceof ServiceError && err.code === "NOT_FOUND",
    );
    const principal = makeStaff(k.db, { roles: ["principal"] });
    const asPrincipal = k.as(staffActor(principal, ["principal"]));
    assert.throws(() => listOutbox({ ctx: asPrincipal, input: {} }), (err: unknown) => err instanceof ServiceError && err.code === "FORBIDDEN");
    assert.throws(() => retryOutbox({ ctx: asPrincipal, input: { id } }), (err: unknown) => err instanceof ServiceError && err.code === "FORBIDDEN");
  });

  it("gives up after the attempts run out (and the row is old enough), logging one error", async () => {
    const quick = k.newDispatcher({ backoff: { maxAttempts: 3, minAgeMs: 0 } });
    const person = k.wecomStaff();
    send(person.id);
    k.wecom.failWhile("sendCard", () => platformError("wecom", "transient", "http_502"));
    for (let i = 0; i < 3; i++) {
      await quick.runOnce();
      k.clock.advance(60_000);
    }
    const row = k.rows()[0];
    assert.equal(row?.status, "dead");
    assert.equal(row?.attempts, 3);
    assert.equal(k.wecom.ops("sendCard").length, 3);
    assert.equal(k.lines.filter((l) => l.level === 50 && l.outboxId === row?.id).length, 1);
    assert.equal(k.lines.filter((l) => l.level === 40 && l.outboxId === row?.id).length, 2);
  });

  it("rides out a 10-minute outage even when every jitter draw is the shortest", async () => {
    // Per-row backoff alone: the lane never parks the row (a down platform's rows are parked without attempts).
    const unlucky = k.newDispatcher({ random: () => 0, lane: { downAfter: Infinity } });
    const person = k.wecomStaff();
    send(person.id);
    const outageEnds = k.clock.now() + 10 * 60_000;
    k.wecom.failWhile("sendCard", () => (k.clock.now() < outageEnds ? platformError("wecom", "transient", "network") : undefined));
    for (let round = 0; round < 2_000 && k.rows()[0]?.status !== "done"; round++) {
      await unlucky.runOnce();
      const next = k.rows()[0]?.nextAttemptAt ?? 0;
      k.clock.set(Math.max(next, k.clock.now()));
    }
    const row = k.rows()[0];
    assert.equal(row?.status, "done");
    assert.ok((row?.attempts ?? 0) > 20, "more than 20 failures, and still not given up inside 30 minutes");
  });

  it("waits out the platform's rate limit without spending attempts, and pauses that API meanwhile", async () => {
    const one = k.newDispatcher({ concurrency: 1 });
    const a = k.wecomStaff();
    const b = k.wecomStaff();
    send(a.id);
    send(b.id);
    k.wecom.failNext(
      "sendCard",
      ...Array.from({ length: 5 }, () => platformError("wecom", "rate_limited", "45009", 60_000)),
    );
    const first = await one.runOnce();
    assert.equal(first.throttled, 1);
    assert.equal(first.deferred, 1, "the second row waits for the paused API without a call");
    assert.equal(k.wecom.calls.length, 1);
    const [ra, rb] = k.rows();
    assert.equal(ra?.attempts, 0);
    assert.equal(ra?.lastErrorCode, "45009");
    assert.equal(ra?.nextAttemptAt, k.clock.now() + 60_000);
    assert.equal(rb?.attempts, 0);
    assert.equal(rb?.nextAttemptAt, k.clock.now() + 60_000);

    for (let i = 0; i < 10 && k.rows().some((r) => r.status !== "done"); i++) {
      k.clock.advance(60_000);
      await one.runOnce();
    }
    assert.ok(k.rows().every((r) => r.status === "done" && r.attempts === 0), "five rate limits later: delivered, no attempt spent");
  });

  it("puts rows left `sending` by a crash back, and a re-send the platform already has is not doubled", async () => {
    const person = k.wecomStaff();
    send(person.id);
    // The first process claimed the row and its call got through, then the process died.
    const now = k.clock.now();
    k.db.update(outboxMessages).set({ status: "sending", claimedAt: now }).run();
    const taskId = k.deliveries()[0]?.taskId ?? "";
    k.wecom.delivered.set(taskId, { card: { ...content(), taskId }, to: [{ userId: person.wecomUserId ?? "" }] });

    const restarted = k.newDispatcher();
    assert.equal(restarted.recoverInterrupted(), 1);
    assert.equal(k.rows()[0]?.status, "pending");
    assert.equal(restarted.recoverInterrupted(), 0);
    await restarted.runOnce();
    const row = k.rows()[0];
    assert.equal(row?.status, "done");
    assert.equal(row?.outcome, "already_delivered");
    assert.equal(k.deliveries()[0]?.status, "sent");
    assert.equal(k.wecom.delivered.size, 1, "the person has one card");
  });

  it("takes back a stale claim nobody holds", async () => {
    const person = k.wecomStaff();
    send(person.id);
    k.db.update(outboxMessages).set({ status: "sending", claimedAt: k.clock.now() }).run();
    assert.equal((await k.dispatcher.runOnce()).claimed, 0, "a fresh claim is left alone");
    k.clock.advance(10 * 60_000 + 1);
    assert.equal((await k.dispatcher.runOnce()).done, 1);
  });

  it("treats an error that is not a PlatformError as transient", async () => {
    const person = k.dingtalkStaff();
    send(person.id);
    k.dingtalk.failNext("sendCard", new Error("socket hang up"));
    assert.equal((await k.dispatcher.runOnce()).retried, 1);
    assert.equal(k.rows()[0]?.lastErrorCode, "error");
    await drain(k);
    assert.equal(k.rows()[0]?.status, "done");
  });
});
