// The follow-up reminder: a card to the author on the planned next date, from 09:00, once; not for a
// plan a newer follow-up replaced, and a next date in the past is refused when the follow-up is written.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { cardDeliveries, cards, followups } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { createFollowup } from "../../../server/domain/followups/createFollowup";
import { sendFollowupReminders } from "../../../server/domain/followups/followupReminders";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 2026-03-05 00:00 in Asia/Shanghai (T0 is 2026-03-02 09:00). */
const MAR5 = T0 - 9 * HOUR + 3 * DAY;

function setup() {
  const t = testDb();
  const campus = makeCampus(t.db);
  const advisor = makeStaff(t.db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问丙" });
  const ctx = t.as(staffActor(advisor, ["advisor"], [campus.id]));
  const student = makeStudent(t.db, { campusId: campus.id, name: "龚懿琪", advisorId: advisor.id });
  return { ...t, advisor, advisorCtx: ctx, student };
}

describe("follow-up reminders", () => {
  let w: ReturnType<typeof setup>;
  beforeEach(() => (w = setup()));
  afterEach(() => w.close());

  it("sends the author one card on the day from 09:00, linking to the profile", () => {
    const f = createFollowup({ ctx: w.advisorCtx, input: { studentId: w.student.id, channel: "phone", content: "家长说下周再定续费", nextFollowupDate: "2026-03-05" } });
    w.clock.set(MAR5 - HOUR);
    assert.equal(sendFollowupReminders({ ctx: w.ctx }).reminders, 0, "not the day before");
    w.clock.set(MAR5 + 8 * HOUR);
    assert.equal(sendFollowupReminders({ ctx: w.ctx }).reminders, 0, "not before 09:00");
    w.clock.set(MAR5 + 9 * HOUR);
    assert.equal(sendFollowupReminders({ ctx: w.ctx }).reminders, 1);
    assert.equal(sendFollowupReminders({ ctx: w.ctx }).reminders, 0, "once");
    const sent = w.db.select().from(cards).where(eq(cards.kind, "followup_reminder")).all();
    assert.equal(sent.length, 1);
    const model = sent[0]?.model as { title: string; detailUrl: string; rows: { key: string; value: string }[] };
    assert.equal(model.title, "今天跟进 · 龚懿琪");
    assert.equal(model.detailUrl, `/app/students/${w.student.id}`);
    assert.deepEqual(model.rows.map((r) => r.value), ["龚懿琪", "3月2日 09:00 · 电话", "家长说下周再定续费"]);
    assert.deepEqual(w.db.select({ staffId: cardDeliveries.staffId }).from(cardDeliveries).all(), [{ staffId: w.advisor.id }]);
    assert.equal(w.db.select().from(followups).where(eq(followups.id, f.id)).get()?.reminderSentAt, MAR5 + 9 * HOUR);
    w.clock.set(MAR5 + DAY + 10 * HOUR);
    assert.equal(sendFollowupReminders({ ctx: w.ctx }).reminders, 0, "not again the next day");
  });

  it("skips a plan a newer follow-up replaced", () => {
    createFollowup({ ctx: w.advisorCtx, input: { studentId: w.student.id, channel: "phone", content: "约周四", nextFollowupDate: "2026-03-05" } });
    w.clock.advance(HOUR);
    createFollowup({ ctx: w.advisorCtx, input: { studentId: w.student.id, channel: "wechat", content: "已确认续费" } });
    w.clock.set(MAR5 + 10 * HOUR);
    assert.equal(sendFollowupReminders({ ctx: w.ctx }).reminders, 0);
  });

  it("refuses a next date before today (400 on the field); today is fine", () => {
    let err: unknown;
    try {
      createFollowup({ ctx: w.advisorCtx, input: { studentId: w.student.id, channel: "phone", content: "x", nextFollowupDate: "2020-01-01" } });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ServiceError);
    assert.equal(err.code, "VALIDATION");
    assert.deepEqual(err.details?.fields, [{ path: "nextFollowupDate", message: "下次跟进日期不能早于今天" }]);
    assert.equal(createFollowup({ ctx: w.advisorCtx, input: { studentId: w.student.id, channel: "phone", content: "x", nextFollowupDate: "2026-03-02" } }).nextFollowupDate, "2026-03-02");
  });
});
