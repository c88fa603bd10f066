// Approval deadlines on the business calendar: a time limit with `calendar: "campus"` counts the
// request's campus's opening hours (a limit set on Friday afternoon ends on Monday, not Saturday), the
// reminders that follow are spaced in business hours too, and reminder and escalation cards found due
// while the campus is closed wait for its next open minute (quiet hours).
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { approvalStepRuns, cardDeliveries, cards, outboxMessages } from "../../../server/db/schema";
import { dayjs } from "../../../server/core/clock";
import { ServiceError } from "../../../server/core/errors";
import { putWeeklyHours } from "../../../server/domain/calendar/putWeeklyHours";
import { processDeadlines } from "../../../server/domain/workflow/processDeadlines";
import { saveDefinition } from "../../../server/domain/workflow/saveDefinition";
import { startApproval } from "../../../server/domain/workflow/startApproval";
import type { FlowDefinition } from "../../../server/domain/workflow/flowDefinitionSchema";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";
import { TEST_TYPE, testDefinition } from "./testRequestType";

const at = (local: string) => dayjs.tz(local, "Asia/Shanghai").valueOf();
const closed: [number, number][] = [];
const nineToSix: [number, number][] = [[540, 1080]];

function setup() {
  const t = testDb();
  const campus = makeCampus(t.db);
  putWeeklyHours({ ctx: t.ctx, input: { campusId: campus.id, weekly: [nineToSix, nineToSix, nineToSix, nineToSix, nineToSix, closed, closed] } });
  const admin = makeStaff(t.db, { roles: ["admin"], campusIds: [campus.id] });
  const head = makeStaff(t.db, { roles: ["head_teacher"], campusIds: [campus.id] });
  makeStaff(t.db, { roles: ["principal"], campusIds: [campus.id] });
  const advisor = makeStaff(t.db, { roles: ["advisor"], campusIds: [campus.id] });
  const student = makeStudent(t.db, { campusId: campus.id, headTeacherId: head.id, advisorId: advisor.id });
  const define = (steps: FlowDefinition["steps"]) => saveDefinition({ ctx: t.as(staffActor(admin, ["admin"], [campus.id])), input: { key: TEST_TYPE, definition: testDefinition(steps) } });
  const start = () => startApproval({ ctx: t.as(staffActor(advisor, ["advisor"], [campus.id])), input: { type: TEST_TYPE, fields: { amountFen: 100 }, studentId: student.id } });
  const runOf = (instanceId: number) => {
    const run = t.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, instanceId)).get();
    assert.ok(run);
    return run;
  };
  /** When each card.send of the step's cards may go out, in card order (the first card, then reminders). */
  const sendTimes = (stepRunId: number) =>
    t.db
      .select({ cardId: cards.id, due: outboxMessages.nextAttemptAt, title: cards.model })
      .from(cards)
      .innerJoin(cardDeliveries, eq(cardDeliveries.cardId, cards.id))
      .innerJoin(outboxMessages, and(eq(outboxMessages.kind, "card.send"), eq(outboxMessages.dedupeKey, sqlKey(cardDeliveries.id))))
      .where(eq(cards.refId, String(stepRunId)))
      .all();
  return { ...t, define, start, runOf, sendTimes };
}

/** card.send:<deliveryId>, the outbox's dedupe key for one copy of a card. */
function sqlKey(col: SQLiteColumn): SQL {
  return sql`'card.send:' || ${col}`;
}

describe("approval deadlines on the business calendar", () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });
  afterEach(() => s.close());

  it("counts business hours of the campus when the limit asks for it", () => {
    s.define([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 4, action: "remind", repeat: 2, calendar: "campus" } }]);
    s.clock.set(at("2026-03-06 16:00"));
    const inst = s.start();
    const run = s.runOf(inst.id);
    // Friday 16–18 is two hours; Monday 9–11 the other two.
    assert.equal(run.dueAt, at("2026-03-09 11:00"));
    s.clock.set(at("2026-03-07 20:00"));
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 0, "four clock hours passed, not four business hours");
    s.clock.set(at("2026-03-09 11:00"));
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 1);
    // The second reminder four business hours later: Monday 15:00.
    s.clock.set(at("2026-03-09 14:59"));
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 0);
    s.clock.set(at("2026-03-09 15:00"));
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 1);
  });

  it("keeps clock hours when the limit does not name a calendar", () => {
    s.define([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 4, action: "remind" } }]);
    s.clock.set(at("2026-03-06 16:00"));
    const inst = s.start();
    assert.equal(s.runOf(inst.id).dueAt, at("2026-03-06 20:00"));
  });

  it("a reminder found due at night waits for the campus to open", () => {
    s.define([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 12, action: "remind" } }]);
    s.clock.set(at("2026-03-02 10:00"));
    const inst = s.start();
    const run = s.runOf(inst.id);
    s.clock.set(at("2026-03-02 22:05"));
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 1);
    const times = s.sendTimes(run.id).map((r) => r.due);
    assert.deepEqual(times, [at("2026-03-02 10:00"), at("2026-03-03 09:00")], "the first card went at once, the reminder at opening");
  });

  it("an escalation found due at night reaches the principal at opening", () => {
    s.define([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 12, action: "escalate", escalateTo: { role: "principal" } } }]);
    s.clock.set(at("2026-03-02 10:00"));
    const inst = s.start();
    const run = s.runOf(inst.id);
    s.clock.set(at("2026-03-02 22:05"));
    assert.equal(processDeadlines({ ctx: s.ctx }).escalated, 1);
    const times = s.sendTimes(run.id).map((r) => r.due).sort();
    assert.deepEqual(times, [at("2026-03-02 10:00"), at("2026-03-03 09:00")]);
    const todoCreates = s.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "todo.create")).all().map((r) => r.nextAttemptAt).sort();
    assert.deepEqual(todoCreates, [at("2026-03-02 10:00"), at("2026-03-03 09:00")], "the principal's todo waits too");
  });

  it("refuses an unknown calendar in a definition", () => {
    assert.throws(
      () => s.define([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 4, action: "remind", calendar: "moon" as "campus" } }]),
      (err: unknown) => err instanceof ServiceError && err.code === "VALIDATION" && /calendar/.test(JSON.stringify(err.details)),
    );
  });
});
