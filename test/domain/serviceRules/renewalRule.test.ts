// The renewal rule: the projected run-out date follows the schedule (one lesson a week vs four), a scan
// run twice — or by two processes at once — opens one task, a dry run creates nothing, a paid order
// closes the task by itself (已续费), and a first debt opens it at once.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { count, eq } from "drizzle-orm";
import { fixedClock } from "../../../server/core/clock";
import { systemActor, type Ctx } from "../../../server/core/context";
import { openMigratedDatabase } from "../../../server/db/client";
import { followups, followupTasks, outboxMessages, ruleFirings, todos } from "../../../server/db/schema";
import { openFollowupTask } from "../../../server/domain/followupTasks/openFollowupTask";
import { dryRunRule } from "../../../server/domain/serviceRules/dryRunRule";
import { renewalCandidates } from "../../../server/domain/serviceRules/renewalCandidates";
import { projectedRunOuts } from "../../../server/domain/serviceRules/runOut";
import { runServiceScan } from "../../../server/domain/serviceRules/runServiceScan";
import { serviceRule } from "../../../server/domain/serviceRules/serviceRule";
import { recordAttendance } from "../../../server/domain/attendance/recordAttendance";
import { staffActor } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";
import { DAY, MON_18, serviceWorld } from "./serviceWorld";

const weekly = (perWeek: number, weeks: number) =>
  Array.from({ length: weeks }, (_, w) => Array.from({ length: perWeek }, (_, d) => MON_18 + w * 7 * DAY + d * DAY)).flat();

describe("renewal rule", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => (t = testDb()));
  afterEach(() => t.close());

  it("projects the run-out from the schedule: 10 课时 last 5 weeks at one lesson a week, 9 days at four", () => {
    const slow = serviceWorld(t.db, t.ctx);
    slow.buy();
    const slowLessons = slow.lessonsAt(weekly(1, 10));
    const fast = serviceWorld(t.db, t.ctx);
    fast.buy();
    const fastLessons = fast.lessonsAt(weekly(4, 4));
    const params = serviceRule(t.ctx, "renewal").params;
    const found = renewalCandidates(t.ctx, params);
    assert.deepEqual(found.map((c) => c.studentId), [fast.student.id], "only the four-a-week student runs out within 4 weeks");
    const [c] = found;
    assert.equal(c?.trigger, "run_out");
    // 10 课时 = 5 lessons of 2 课时: the sixth lesson is the first the hours cannot cover.
    assert.equal(c?.facts.runOutAt, fastLessons[5]?.startsAt);
    assert.equal(c?.facts.lines.find((l) => l.key === "预计用完")?.value, "3月10日");
    assert.equal(c?.facts.lines.find((l) => l.key === "预收金额")?.value, "¥1,000.00");
    assert.equal(c?.facts.lines.find((l) => l.key === "剩余课时")?.value, "剩余 10.00 课时");
    const slowAccount = { accountId: -1, studentId: slow.student.id, courseId: slow.course.id, usable: 1000 };
    assert.equal(projectedRunOuts(t.ctx, [slowAccount], 26 * 7 * DAY).get(-1), slowLessons[5]?.startsAt, "the slow one runs out in week 6");
  });

  it("a scan run twice opens one task, one firing, one todo; so do two processes at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "xg-renewal-"));
    const path = join(dir, "x.db");
    const a = openMigratedDatabase(path);
    const b = openMigratedDatabase(path);
    try {
      const clock = fixedClock(T0);
      const ctxA: Ctx = { db: a.db, clock, tz: "Asia/Shanghai", actor: systemActor("scan-a") };
      const ctxB: Ctx = { ...ctxA, db: b.db, actor: systemActor("scan-b") };
      const w = serviceWorld(a.db, ctxA);
      w.buy();
      w.lessonsAt(weekly(4, 4));
      const params = serviceRule(ctxA, "renewal").params;
      // Both processes see the account before either opens it.
      const [seenA] = renewalCandidates(ctxA, params);
      const [seenB] = renewalCandidates(ctxB, params);
      assert.ok(seenA && seenB);
      assert.equal(seenA.dedupeKey, seenB.dedupeKey);
      const { studentName: _a, ...taskA } = seenA;
      const { studentName: _b, ...taskB } = seenB;
      assert.equal(openFollowupTask(ctxA, taskA).created, true);
      assert.equal(openFollowupTask(ctxB, taskB).created, false, "the unique key stops the second process");
      assert.deepEqual(runServiceScan({ ctx: ctxA, input: { rules: ["renewal"] } }), { renewal: 0 });
      assert.deepEqual(runServiceScan({ ctx: ctxB, input: { rules: ["renewal"] } }), { renewal: 0 });
      assert.equal(a.db.select({ n: count() }).from(followupTasks).get()?.n, 1);
      assert.equal(a.db.select({ n: count() }).from(ruleFirings).get()?.n, 1);
      assert.equal(a.db.select({ n: count() }).from(todos).get()?.n, 1);
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a dry run lists who and why, and creates nothing", () => {
    const w = serviceWorld(t.db, t.ctx, { hours: 300 });
    w.buy();
    const before = [followupTasks, ruleFirings, todos, outboxMessages].map((table) => t.db.select({ n: count() }).from(table).get()?.n);
    const run = dryRunRule({ ctx: t.ctx, input: { key: "renewal" } });
    assert.equal(run.candidates.length, 1);
    assert.equal(run.candidates[0]?.trigger, "low_hours", "3 课时 ≤ max(4 课时, 20% of 3)");
    assert.equal(run.candidates[0]?.ownerId, w.advisor.id);
    const after = [followupTasks, ruleFirings, todos, outboxMessages].map((table) => t.db.select({ n: count() }).from(table).get()?.n);
    assert.deepEqual(after, before);
  });

  it("a paid order on the course closes the renewal by itself (已续费), on the timeline too; the next cycle may open a new one", () => {
    const w = serviceWorld(t.db, t.ctx, { hours: 300 });
    w.buy();
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["renewal"] } }), { renewal: 1 });
    const [task] = w.tasks();
    assert.equal(task?.state, "open");
    assert.equal(w.todosOf(task?.id ?? 0)[0]?.status, "open");
    const order = w.buy();
    const [closed] = w.tasks();
    assert.equal(closed?.state, "done");
    assert.equal(closed?.outcome, "renewed");
    assert.equal(w.todosOf(closed?.id ?? 0)[0]?.status, "done", "the advisor's todo is completed");
    const record = t.db.select().from(followups).where(eq(followups.id, closed?.recordId ?? 0)).get();
    assert.equal(record?.content, `续费跟进：已续费。订单 #${order.id} 已付款`);
    // 6 课时 now: above the threshold, nothing new.
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["renewal"] } }), { renewal: 0 });
  });

  it("a first debt opens the renewal at once (欠课时), not a second one on the next lesson or at night", () => {
    const w = serviceWorld(t.db, t.ctx);
    const [l1, l2] = w.lessonsAt([T0 + 3_600_000, T0 + 4 * 3_600_000]);
    const asTeacher = t.as(staffActor(w.teacher, ["teacher"], [w.campus.id]));
    for (const l of [l1, l2]) recordAttendance({ ctx: asTeacher, input: { lessonId: l?.id ?? 0, studentId: w.student.id, status: "present", channel: "roll_call" } });
    const tasks = w.tasks();
    assert.deepEqual(tasks.map((x) => [x.kind, x.trigger, x.ownerId]), [["renewal", "owing", w.advisor.id]]);
    assert.equal(tasks[0]?.title, "续费跟进 · 王小明");
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["renewal"] } }), { renewal: 0 });
  });
});
