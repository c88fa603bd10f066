// The nightly prune job: delivered outbox rows, handled callbacks, finished cards and never-bound phones
// go once older than the retention in the settings; anything still live, given up or needed stays.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq, inArray } from "drizzle-orm";
import { pino } from "pino";
import {
  approvalDefinitions,
  approvalInstances,
  approvalStepRuns,
  bindingCodes,
  cardDeliveries,
  cards,
  deviceStudents,
  devices,
  inboundEvents,
  institutionSettings,
  outboxMessages,
  todos,
  type InboundStatus,
  type OutboxStatus,
} from "../../server/db/schema";
import type { CardContent } from "../../cards/cardModel";
import { getSettings } from "../../server/domain/settings/institutionSettings";
import { pruneJob } from "../../server/jobs/pruneJob";
import { runJob } from "../../server/jobs/startJobs";
import { closeTodo, openTodo, sendCard } from "../../server/outbox/messages";
import { pruneDelivered } from "../../server/outbox/pruneDelivered";
import { makeCampus, makeStaff, makeStudent } from "../helpers/factories";
import { T0 } from "../helpers/testApp";
import { testDb } from "../helpers/testDb";

const DAY = 24 * 3600 * 1000;
const content: CardContent = { kind: "notice", title: "通知", rows: [], actions: [] };

describe("prune job", () => {
  const setup = () => {
    const t = testDb();
    const deps = { db: t.db, clock: t.clock, tz: "Asia/Shanghai", logger: pino({ level: "silent" }) };
    getSettings({ ctx: t.ctx });
    const run = () => {
      const summary = runJob(pruneJob, deps);
      assert.ok(summary, "the job ran (its lease was free)");
      return summary;
    };
    return { ...t, run };
  };

  const message = (t: ReturnType<typeof setup>, n: string, status: OutboxStatus, at: number) =>
    t.db
      .insert(outboxMessages)
      .values({ kind: "card.send", dedupeKey: `m:${n}`, orderingKey: `o:${n}`, payload: { deliveryId: 0 }, status, nextAttemptAt: at, createdAt: at, updatedAt: at })
      .run();
  const event = (t: ReturnType<typeof setup>, n: string, status: InboundStatus, at: number) =>
    t.db.insert(inboundEvents).values({ platform: "wecom", eventKey: `e:${n}`, kind: "card_action", event: {}, status, receivedAt: at, processedAt: at }).run();

  it("deletes done outbox rows and handled callbacks older than the retention, keeps the rest", () => {
    const t = setup();
    message(t, "old-done", "done", T0 - 31 * DAY);
    message(t, "new-done", "done", T0 - 29 * DAY);
    message(t, "old-dead", "dead", T0 - 90 * DAY);
    message(t, "old-pending", "pending", T0 - 90 * DAY);
    event(t, "old-processed", "processed", T0 - 31 * DAY);
    event(t, "old-ignored", "ignored", T0 - 31 * DAY);
    event(t, "old-failed", "failed", T0 - 31 * DAY);
    event(t, "old-received", "received", T0 - 31 * DAY);
    event(t, "new-processed", "processed", T0 - 29 * DAY);

    const summary = t.run();
    assert.equal(summary.retentionDays, 30);
    assert.equal(summary.outboxMessages, 1);
    assert.equal(summary.inboundEvents, 2);
    assert.deepEqual(t.db.select({ k: outboxMessages.dedupeKey }).from(outboxMessages).all().map((r) => r.k).sort(), ["m:new-done", "m:old-dead", "m:old-pending"]);
    assert.deepEqual(t.db.select({ k: inboundEvents.eventKey }).from(inboundEvents).all().map((r) => r.k).sort(), ["e:new-processed", "e:old-failed", "e:old-received"]);
    t.close();
  });

  it("follows the retention set in the settings", () => {
    const t = setup();
    t.db.update(institutionSettings).set({ retentionDays: 60 }).run();
    message(t, "40-days", "done", T0 - 40 * DAY);
    message(t, "61-days", "done", T0 - 61 * DAY);
    assert.equal(t.run().outboxMessages, 1);
    assert.deepEqual(t.db.select({ k: outboxMessages.dedupeKey }).from(outboxMessages).all().map((r) => r.k), ["m:40-days"]);
    t.close();
  });

  it("deletes in bounded batches", () => {
    const t = setup();
    for (let i = 0; i < 7; i++) message(t, `b${i}`, "done", T0 - 40 * DAY);
    assert.deepEqual(pruneDelivered(t.ctx, { olderThan: T0 - 30 * DAY, batch: 3 }), { outboxMessages: 3, inboundEvents: 0, cards: 0 });
    assert.equal(t.db.select().from(outboxMessages).all().length, 4);
    t.close();
  });

  it("deletes a finished card with its copies, closed todo and rows; keeps cards still open, queued, clicked lately or an approval's", () => {
    const t = setup();
    const campus = makeCampus(t.db);
    const person = makeStaff(t.db, { roles: ["academic"], campusIds: [campus.id] });
    const ctx = t.ctx;
    const send = () => sendCard(ctx, { kind: "notice", refType: "test", refId: "1", content, staffIds: [person.id] });
    const finishAll = () => {
      t.db.update(cardDeliveries).set({ status: "sent" }).run();
      t.db.update(outboxMessages).set({ status: "done" }).where(eq(outboxMessages.status, "pending")).run();
    };

    const finished = send();
    const todoCard = openTodo(ctx, { kind: "makeup", refType: "test", refId: "2", staffId: person.id, subject: "补课", detailUrl: "/app/x", card: content });
    const openTodoId = openTodo(ctx, { kind: "makeup", refType: "test", refId: "3", staffId: person.id, subject: "补课", detailUrl: "/app/y", card: content });
    const stepCard = send();
    const clickedLately = send();
    const stillQueued = send();
    finishAll();
    closeTodo(ctx, todoCard, "done", content);
    const neverSent = send();
    t.db.update(outboxMessages).set({ status: "done" }).where(eq(outboxMessages.status, "pending")).run();
    t.db.update(cardDeliveries).set({ status: "sent" }).where(eq(cardDeliveries.cardId, stillQueued)).run();
    t.db.update(outboxMessages).set({ status: "dead" }).where(eq(outboxMessages.orderingKey, `delivery:${t.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, stillQueued)).get()?.id}`)).run();
    t.db.update(cardDeliveries).set({ status: "pending" }).where(eq(cardDeliveries.cardId, neverSent)).run();
    const definition = t.db.insert(approvalDefinitions).values({ key: "k", version: 1, name: "k", definition: {}, createdAt: T0 }).returning().get();
    const student = makeStudent(t.db, { campusId: campus.id });
    const instance = t.db
      .insert(approvalInstances)
      .values({ type: "k", definitionId: definition.id, status: "approved", requesterLabel: "x", studentId: student.id, fields: {}, createdAt: T0, updatedAt: T0 })
      .returning()
      .get();
    t.db.insert(approvalStepRuns).values({ instanceId: instance.id, stepIndex: 0, stepId: "s", mode: "any", status: "approved", cardId: stepCard, enteredAt: T0 }).run();

    t.clock.set(T0 + 31 * DAY);
    t.db.update(cardDeliveries).set({ updatedAt: T0 + 30 * DAY }).where(eq(cardDeliveries.cardId, clickedLately)).run();
    const todoRow = t.db.select().from(todos).where(eq(todos.id, todoCard)).get();
    assert.ok(todoRow);

    const summary = t.run();
    assert.equal(summary.cards, 2);
    const left = t.db.select({ id: cards.id }).from(cards).all().map((r) => r.id);
    assert.ok(!left.includes(finished) && !left.includes(todoRow.cardId), "the finished card and the closed todo's card are gone");
    const openTodoCard = t.db.select().from(todos).where(eq(todos.id, openTodoId)).get()?.cardId;
    for (const kept of [openTodoCard, stepCard, clickedLately, stillQueued, neverSent]) assert.ok(left.includes(kept ?? -1), `card ${kept} stays`);
    assert.equal(t.db.select().from(todos).where(eq(todos.id, todoCard)).get(), undefined);
    assert.equal(t.db.select().from(cardDeliveries).where(inArray(cardDeliveries.cardId, [finished, todoRow.cardId])).all().length, 0);
    const orphans = t.db
      .select()
      .from(outboxMessages)
      .all()
      .filter((m) => {
        const p = m.payload as { deliveryId?: number; todoId?: number };
        return p.todoId === todoCard || (p.deliveryId !== undefined && !t.db.select().from(cardDeliveries).where(eq(cardDeliveries.id, p.deliveryId)).get());
      });
    assert.deepEqual(orphans, [], "no outbox row points at a deleted copy or todo");
    t.close();
  });

  it("deletes phones never bound that were not seen for the retention; a bound phone or one a code names stays", () => {
    const t = setup();
    const campus = makeCampus(t.db);
    const student = makeStudent(t.db, { campusId: campus.id });
    const device = (n: string, lastSeenAt: number) => t.db.insert(devices).values({ secretHash: n, createdAt: lastSeenAt, lastSeenAt }).returning().get().id;
    const idle = device("idle", T0 - 31 * DAY);
    const recent = device("recent", T0 - 29 * DAY);
    const bound = device("bound", T0 - 200 * DAY);
    t.db.insert(deviceStudents).values({ deviceId: bound, studentId: student.id, boundAt: T0 - 200 * DAY, via: "code" }).run();
    const named = device("named", T0 - 200 * DAY);
    t.db.insert(bindingCodes).values({ studentId: student.id, codeHash: "h", expiresAt: T0, usedAt: T0 - 200 * DAY, usedByDeviceId: named, createdAt: T0 - 201 * DAY }).run();

    assert.equal(t.run().devices, 1);
    assert.deepEqual(t.db.select({ id: devices.id }).from(devices).all().map((r) => r.id).sort((a, b) => a - b), [recent, bound, named].sort((a, b) => a - b));
    assert.ok(!t.db.select().from(devices).where(eq(devices.id, idle)).get());
    t.close();
  });

  it("is one of the scheduled jobs, at night", async () => {
    const { JOBS } = await import("../../server/jobs/startJobs");
    assert.ok(JOBS.includes(pruneJob));
    const [minute, hour] = pruneJob.schedule.split(" ").map(Number);
    assert.ok(minute !== undefined && hour !== undefined && hour >= 1 && hour <= 5, pruneJob.schedule);
  });
});
