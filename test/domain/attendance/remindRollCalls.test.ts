// Roll-call reminders: the teacher of a lesson that ended with no roll call gets a card at its end and
// once more the next morning from 09:00; a lesson marked, cancelled, or ended too long ago gets none.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { cardDeliveries, cards, lessons, outboxMessages } from "../../../server/db/schema";
import { remindRollCalls } from "../../../server/domain/attendance/remindRollCalls";
import { recordAttendance } from "../../../server/domain/attendance/recordAttendance";
import { submitRollCall } from "../../../server/domain/attendance/submitRollCall";
import { markAbsences } from "../../../server/domain/attendance/markAbsences";
import { updateSettings } from "../../../server/domain/settings/institutionSettings";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";

const HOUR = 3600_000;

function setup() {
  const t = testDb();
  const campus = makeCampus(t.db);
  const course = makeCourse(t.db, { hoursPerLesson: 200, allowOverdraft: true });
  const teacher = makeStaff(t.db, { roles: ["teacher"], campusIds: [campus.id] });
  const klass = makeClass(t.db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
  const student = makeStudent(t.db, { campusId: campus.id });
  enroll(t.db, klass.id, student.id);
  // T0 is Monday 09:00 in Shanghai: a lesson 18:00–20:00 the same evening.
  const evening = makeLesson(t.db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + 9 * HOUR });
  const reminders = () => t.db.select().from(cards).where(eq(cards.kind, "roll_call_reminder")).all();
  const titles = () => reminders().map((c) => (c.model as { title: string }).title);
  return { ...t, klass, teacher, student, evening, reminders, titles };
}

describe("remindRollCalls", () => {
  it("reminds at the end and the next morning, once each", () => {
    const s = setup();
    s.clock.set(s.evening.endsAt - 1);
    assert.equal(remindRollCalls({ ctx: s.ctx }).lessons, 0, "not before it ends");
    s.clock.set(s.evening.endsAt);
    assert.deepEqual(remindRollCalls({ ctx: s.ctx }), { lessons: 1, atEnd: 1, nextMorning: 0 });
    assert.deepEqual(remindRollCalls({ ctx: s.ctx }), { lessons: 0, atEnd: 0, nextMorning: 0 });
    s.clock.set(T0 + 24 * HOUR - 1);
    assert.equal(remindRollCalls({ ctx: s.ctx }).lessons, 0, "not before 09:00 the next day");
    s.clock.set(T0 + 24 * HOUR);
    assert.deepEqual(remindRollCalls({ ctx: s.ctx }), { lessons: 1, atEnd: 0, nextMorning: 1 });
    s.clock.set(T0 + 48 * HOUR);
    assert.equal(remindRollCalls({ ctx: s.ctx }).lessons, 0, "two reminders at most");
    assert.deepEqual(s.titles().map((t) => t.split(" · ")[0]), ["下课了，请点名", "昨天的课还没点名"]);
    assert.equal(s.db.select().from(lessons).where(eq(lessons.id, s.evening.id)).get()?.rollCallReminders, 2);
    s.close();
  });

  it("once the roll call is taken, the reminder cards say so in place of 去点名, once", () => {
    const s = setup();
    s.clock.set(s.evening.endsAt);
    remindRollCalls({ ctx: s.ctx });
    const [card] = s.reminders();
    assert.ok(card);
    const versions = () => s.db.select().from(cards).where(eq(cards.id, card.id)).get()?.version;
    const before = versions();
    s.clock.set(s.evening.endsAt + HOUR);
    submitRollCall({ ctx: s.ctx, input: { lessonId: s.evening.id, entries: [{ studentId: s.student.id, status: "present" }] } });
    const closed = s.db.select().from(cards).where(eq(cards.id, card.id)).get()?.model as { state?: string; actions: unknown[] };
    assert.match(closed.state ?? "", /^已点名 · 出勤 1\/1 · /);
    assert.deepEqual(closed.actions, [], "no 去点名 any more");
    const after = versions();
    assert.notEqual(after, before);
    submitRollCall({ ctx: s.ctx, input: { lessonId: s.evening.id, entries: [{ studentId: s.student.id, status: "late" }] } });
    assert.equal(versions(), after, "a later edit of the roll call changes the card no more");
    s.clock.set(T0 + 24 * HOUR);
    assert.equal(remindRollCalls({ ctx: s.ctx }).lessons, 0, "no morning reminder after the roll call");
    s.close();
  });

  it("does not remind for a lesson with a roll call, a cancelled one, or one ended over 36 hours ago", () => {
    const s = setup();
    const cancelled = makeLesson(s.db, { classId: s.klass.id, teacherId: s.teacher.id, startsAt: T0 + 5 * HOUR, status: "cancelled" });
    assert.ok(cancelled);
    recordAttendance({ ctx: s.ctx, input: { lessonId: s.evening.id, studentId: s.student.id, status: "present", channel: "roll_call" } });
    const old = makeLesson(s.db, { classId: s.klass.id, teacherId: s.teacher.id, startsAt: T0 - 40 * HOUR });
    assert.ok(old);
    s.clock.set(s.evening.endsAt + HOUR);
    assert.equal(remindRollCalls({ ctx: s.ctx }).lessons, 0);
    assert.equal(s.reminders().length, 0);
    s.close();
  });

  it("counts an automatic absence as no roll call; a first reminder found the next morning is the morning one", () => {
    const s = setup();
    updateSettings({ ctx: s.ctx, input: { autoAbsenceAfterHours: 1 } });
    s.clock.set(s.evening.endsAt + HOUR);
    assert.equal(markAbsences({ ctx: s.ctx }).absences, 1);
    s.clock.set(T0 + 25 * HOUR);
    assert.deepEqual(remindRollCalls({ ctx: s.ctx }), { lessons: 1, atEnd: 0, nextMorning: 1 });
    assert.equal(remindRollCalls({ ctx: s.ctx }).lessons, 0);
    s.close();
  });

  it("the next morning's reminder waits for the campus to open (quiet hours); the one at the lesson's end goes at once", () => {
    const s = setup();
    const dueOf = (cardId: number) =>
      s.db
        .select({ at: outboxMessages.nextAttemptAt })
        .from(outboxMessages)
        .innerJoin(cardDeliveries, eq(outboxMessages.dedupeKey, sql`'card.send:' || ${cardDeliveries.id}`))
        .where(eq(cardDeliveries.cardId, cardId))
        .get()?.at;
    s.clock.set(s.evening.endsAt);
    remindRollCalls({ ctx: s.ctx });
    const [atEnd] = s.reminders();
    assert.equal(dueOf(atEnd?.id ?? 0), s.evening.endsAt, "at once: the teacher is still in the room");
    // Tuesday 09:00: the shipped hours open weekdays at 13:30.
    s.clock.set(T0 + 24 * HOUR);
    remindRollCalls({ ctx: s.ctx });
    const morning = s.reminders()[1];
    assert.equal(dueOf(morning?.id ?? 0), T0 + 24 * HOUR + 4.5 * HOUR, "held until 13:30");
  });
});
