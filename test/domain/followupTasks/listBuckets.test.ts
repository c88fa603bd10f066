// 我的待办's buckets: a task due by the end of today is today's (most are due at a day's end, the next
// midnight), one due by today's start is overdue, later ones upcoming; closed tasks list newest closed first.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { endOfBusinessDay, startOfBusinessDay } from "../../../server/core/clock";
import { listFollowupTasks } from "../../../server/domain/followupTasks/listFollowupTasks";
import { openFollowupTask } from "../../../server/domain/followupTasks/openFollowupTask";
import { recordFollowupOutcome } from "../../../server/domain/followupTasks/recordFollowupOutcome";
import { staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";
import { HOUR, serviceWorld } from "../serviceRules/serviceWorld";

describe("follow-up task list buckets", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => (t = testDb()));
  afterEach(() => t.close());

  it("puts a task due at today's end in 今天, one due at today's start in 已逾期, and lists closed ones newest closed first", () => {
    const w = serviceWorld(t.db, t.ctx);
    const today = "2026-03-02";
    const open = (key: string, dueAt: number) =>
      openFollowupTask(t.ctx, {
        kind: "reminder",
        trigger: "next_date",
        ruleKey: "reminder",
        dedupeKey: key,
        studentId: w.student.id,
        campusId: w.campus.id,
        ownerId: w.advisor.id,
        title: `跟进提醒 · ${key}`,
        facts: { lines: [] },
        dueAt,
        inputs: {},
      }).task;
    const dueToday = open("today", endOfBusinessDay(today, t.ctx.tz));
    const dueYesterday = open("yesterday", startOfBusinessDay(today, t.ctx.tz));
    const dueTomorrow = open("tomorrow", endOfBusinessDay("2026-03-03", t.ctx.tz));
    const me = t.as(staffActor(w.advisor, ["advisor"], [w.campus.id]));
    const ids = (due: "today" | "overdue" | "upcoming") => listFollowupTasks({ ctx: me, input: { due } }).items.map((x) => x.id);
    assert.deepEqual(ids("today"), [dueToday.id]);
    assert.deepEqual(ids("overdue"), [dueYesterday.id]);
    assert.deepEqual(ids("upcoming"), [dueTomorrow.id]);
    assert.deepEqual(listFollowupTasks({ ctx: me, input: {} }).counts, { today: 1, overdue: 1, upcoming: 1 });

    // Closed: the one closed last comes first, whatever its due date.
    recordFollowupOutcome({ ctx: me, input: { taskId: dueTomorrow.id, outcome: "followed", via: "app" } });
    t.clock.advance(HOUR);
    recordFollowupOutcome({ ctx: me, input: { taskId: dueYesterday.id, outcome: "followed", via: "app" } });
    assert.deepEqual(
      listFollowupTasks({ ctx: me, input: { state: "done" } }).items.map((x) => x.id),
      [dueYesterday.id, dueTomorrow.id],
    );
  });
});
