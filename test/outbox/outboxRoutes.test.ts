import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { auditLog, outboxMessages } from "../../server/db/schema";
import { enqueueOutbox } from "../../server/outbox/enqueueOutbox";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("outbox API", () => {
  let t: TestApp;
  let deadId = 0;
  let pendingId = 0;
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    enqueueOutbox(t.ctx, { kind: "card.send", dedupeKey: "card.send:901", orderingKey: "delivery:901", payload: { deliveryId: 901 } });
    enqueueOutbox(t.ctx, { kind: "todo.create", dedupeKey: "todo.create:902", orderingKey: "todo:902", payload: { todoId: 902 } });
    const [dead, pending] = db.select().from(outboxMessages).where(eq(outboxMessages.orderingKey, "delivery:901")).all().concat(
      db.select().from(outboxMessages).where(eq(outboxMessages.orderingKey, "todo:902")).all(),
    );
    deadId = dead?.id ?? 0;
    pendingId = pending?.id ?? 0;
    db.update(outboxMessages)
      .set({ status: "dead", attempts: 20, lastError: "wecom 81013: all recipients invalid", lastErrorCode: "81013" })
      .where(eq(outboxMessages.id, deadId))
      .run();
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/outbox")).status, 401);
    assert.equal((await t.anonymous.post(`/api/v1/outbox/${deadId}/retry`)).status, 401);
  });

  it("answers 400 to a bad status or id", async () => {
    const badStatus = await t.admin.get("/api/v1/outbox?status=lost");
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.body.error.details.fields[0].path, "status");
    assert.equal((await t.admin.post("/api/v1/outbox/abc/retry")).status, 400);
  });

  it("answers 403 to staff without outbox.manage", async () => {
    const campus = makeCampus(t.database.db);
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] });
    const asPrincipal = await t.asStaff(principal.id);
    const list = await asPrincipal.get("/api/v1/outbox");
    assert.equal(list.status, 403);
    assert.equal(list.body.error.code, "FORBIDDEN");
    assert.equal((await asPrincipal.post(`/api/v1/outbox/${deadId}/retry`)).status, 403);
  });

  it("answers 404 for a row that does not exist and 409 for one that is not dead", async () => {
    const missing = await t.admin.post("/api/v1/outbox/999999/retry");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "NOT_FOUND");
    const notDead = await t.admin.post(`/api/v1/outbox/${pendingId}/retry`);
    assert.equal(notDead.status, 409);
    assert.equal(notDead.body.error.code, "CONFLICT");
    assert.match(notDead.body.error.message, /只有「已放弃」的消息可以重试/);
  });

  it("lists the dead letters with zh-CN labels and retries one", async () => {
    const dead = await t.admin.get("/api/v1/outbox?status=dead");
    assert.equal(dead.status, 200);
    assert.equal(dead.body.items.length, 1);
    const [item] = dead.body.items;
    assert.deepEqual(item, {
      id: deadId,
      kind: "card.send",
      kindLabel: "发送卡片",
      target: { deliveryId: 901 },
      status: "dead",
      statusLabel: "已放弃",
      attempts: 20,
      nextAttemptAt: t.clock.now(),
      lastError: "wecom 81013: all recipients invalid",
      lastErrorCode: "81013",
      outcome: null,
      createdAt: t.clock.now(),
      deliveredAt: null,
    });
    assert.ok(!("dedupeKey" in item) && !("claimedAt" in item) && !("payload" in item));

    const all = await t.admin.get("/api/v1/outbox?limit=1");
    assert.equal(all.body.items.length, 1);
    assert.equal(all.body.items[0].id, Math.max(deadId, pendingId), "newest first");
    const next = await t.admin.get(`/api/v1/outbox?limit=1&before=${all.body.nextCursor}`);
    assert.equal(next.body.items[0].id, Math.min(deadId, pendingId));
    assert.equal(next.body.nextCursor, null);

    t.clock.advance(60_000);
    const retried = await t.admin.post(`/api/v1/outbox/${deadId}/retry`);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.status, "pending");
    assert.equal(retried.body.statusLabel, "待发送");
    assert.equal(retried.body.attempts, 0);
    assert.equal(retried.body.nextAttemptAt, t.clock.now());
    assert.equal(retried.body.lastErrorCode, "81013", "kept until it is delivered");
    assert.equal((await t.admin.get("/api/v1/outbox?status=dead")).body.items.length, 0);
    const audit = t.database.db.select().from(auditLog).where(eq(auditLog.action, "outbox.retry")).all();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.entityId, deadId);

    const again = await t.admin.post(`/api/v1/outbox/${deadId}/retry`);
    assert.equal(again.status, 409, "a row already queued again is not retried twice");
  });
});
