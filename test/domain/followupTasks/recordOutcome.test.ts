// Recording a follow-up task's outcome: 暂不续费 needs a reason (400 on the field); the outcome closes
// the task, lands on the student's timeline and completes the todo; a second outcome is a 409 saying
// who closed it; only the owner (or the campus's principal) may record it; a next date becomes a
// reminder task for the author on that day, from 09:00 — once, and not for a plan a newer follow-up replaced.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { ServiceError } from "../../../server/core/errors";
import { followups } from "../../../server/db/schema";
import { createFollowup } from "../../../server/domain/followups/createFollowup";
import { recordFollowupOutcome } from "../../../server/domain/followupTasks/recordFollowupOutcome";
import { runServiceScan } from "../../../server/domain/serviceRules/runServiceScan";
import { makeStaff, staffActor } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";
import { serviceWorld } from "../serviceRules/serviceWorld";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-05 00:00 in Asia/Shanghai (T0 is 2026-03-02 09:00). */
const MAR5 = T0 - 9 * HOUR + 3 * DAY;

function caught(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  assert.fail("expected a ServiceError");
}

describe("follow-up outcomes", () => {
  let t: ReturnType<typeof testDb>;
  let w: ReturnType<typeof serviceWorld>;
  beforeEach(() => {
    t = testDb();
    w = serviceWorld(t.db, t.ctx, { hours: 300 });
    w.buy();
    runServiceScan({ ctx: t.ctx, input: { rules: ["renewal"] } });
  });
  afterEach(() => t.close());

  it("暂不续费 asks a reason; then closes once, on the timeline, with the todo; the second is a 409 naming who", () => {
    const [task] = w.tasks();
    assert.ok(task);
    const asAdvisor = t.as(staffActor(w.advisor, ["advisor"], [w.campus.id]));
    const missing = caught(() => recordFollowupOutcome({ ctx: asAdvisor, input: { taskId: task.id, outcome: "declined" } }));
    assert.equal(missing.code, "VALIDATION");
    assert.deepEqual(missing.details?.fields, [{ path: "reason", message: "「暂不续费」需要选择原因" }]);
    const wrongKind = caught(() => recordFollowupOutcome({ ctx: asAdvisor, input: { taskId: task.id, outcome: "visited" } }));
    assert.equal((wrongKind.details?.fields as { path: string }[])[0]?.path, "outcome");

    const stranger = makeStaff(t.db, { roles: ["advisor"], campusIds: [w.campus.id] });
    assert.equal(caught(() => recordFollowupOutcome({ ctx: t.as(staffActor(stranger, ["advisor"], [w.campus.id])), input: { taskId: task.id, outcome: "contacted" } })).code, "NOT_FOUND");

    const done = recordFollowupOutcome({ ctx: asAdvisor, input: { taskId: task.id, outcome: "declined", reason: "price", note: "嫌贵，下学期再说", channel: "wechat" } });
    assert.equal(done.state, "done");
    assert.equal(done.reason, "price");
    const record = t.db.select().from(followups).where(eq(followups.id, done.recordId ?? 0)).get();
    assert.equal(record?.content, "续费跟进：暂不续费（价格）。嫌贵，下学期再说");
    assert.equal(record?.channel, "wechat");
    assert.equal(record?.staffId, w.advisor.id);
    assert.equal(w.todosOf(task.id)[0]?.status, "done");

    const again = caught(() => recordFollowupOutcome({ ctx: asAdvisor, input: { taskId: task.id, outcome: "contacted" } }));
    assert.equal(again.code, "CONFLICT");
    assert.equal(again.message, "这条待办已由 顾问丙 于 3月2日 09:00 处理（暂不续费）");
    assert.equal(again.details?.closedBy, "顾问丙");
  });

  it("a next date becomes the author's reminder task on that day from 09:00, once; a newer follow-up replaces the plan", () => {
    const [task] = w.tasks();
    assert.ok(task);
    const asAdvisor = t.as(staffActor(w.advisor, ["advisor"], [w.campus.id]));
    recordFollowupOutcome({ ctx: asAdvisor, input: { taskId: task.id, outcome: "interested", nextFollowupDate: "2026-03-05" } });
    const reminders = () => w.tasks().filter((x) => x.kind === "reminder");
    t.clock.set(MAR5 - HOUR);
    runServiceScan({ ctx: t.ctx, input: { rules: ["reminder"] } });
    assert.equal(reminders().length, 0, "not the day before");
    t.clock.set(MAR5 + 8 * HOUR);
    runServiceScan({ ctx: t.ctx, input: { rules: ["reminder"] } });
    assert.equal(reminders().length, 0, "not before 09:00");
    t.clock.set(MAR5 + 9 * HOUR);
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["reminder"] } }), { reminder: 1 });
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["reminder"] } }), { reminder: 0 }, "once");
    const [reminder] = reminders();
    assert.equal(reminder?.ownerId, w.advisor.id);
    assert.equal(reminder?.sourceFollowupId, w.tasks()[0]?.recordId);
    assert.equal(reminder?.title, "跟进提醒 · 王小明");
    t.clock.set(MAR5 + DAY + 10 * HOUR);
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["reminder"] } }), { reminder: 0 }, "not again the next day");

    // A plan replaced by a newer follow-up is not reminded.
    createFollowup({ ctx: asAdvisor, input: { studentId: w.student.id, channel: "phone", content: "约周日", nextFollowupDate: "2026-03-08" } });
    t.clock.advance(HOUR);
    createFollowup({ ctx: asAdvisor, input: { studentId: w.student.id, channel: "wechat", content: "已确认续费" } });
    t.clock.set(MAR5 + 3 * DAY + 10 * HOUR);
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["reminder"] } }), { reminder: 0 });
  });
});
