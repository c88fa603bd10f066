// Roll call with hours owed (欠课时), over HTTP: the roster tells the page, before saving, who would owe
// hours and who is past the limit; a save records everyone it can and names who was not saved and why.
// Also the 未点名 list for academic affairs, and an admin running a scheduled job now.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditLog, cardDeliveries, cards, type Lesson } from "../../server/db/schema";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { recordAttendance } from "../../server/domain/attendance/recordAttendance";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const HOUR = 3600_000;

describe("roll call with hours owed, 未点名 and running jobs (HTTP)", () => {
  let t: TestApp;
  let marked: Lesson;
  let forgotten: Lesson;
  let teacherId: number;
  let academicId: number;
  let ids: { rich: number; broke: number; owing: number };
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { name: "数学提高", hoursPerLesson: 200 });
    teacherId = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] }).id;
    academicId = makeStaff(db, { roles: ["academic"], campusIds: [campus.id] }).id;
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId, name: "数学一班" });
    ids = {
      rich: makeStudent(db, { campusId: campus.id, name: "张三" }).id,
      broke: makeStudent(db, { campusId: campus.id, name: "李四" }).id,
      owing: makeStudent(db, { campusId: campus.id, name: "王五" }).id,
    };
    for (const id of Object.values(ids)) enroll(db, klass.id, id);
    creditGift(t.ctx, { studentId: ids.rich, courseId: course.id, hours: 1000, key: "rich", reason: "赠", refType: "manual", expiresAt: null });
    const earlier = makeLesson(db, { classId: klass.id, teacherId, startsAt: T0 - 20 * HOUR });
    // 王五 already owes one lesson from earlier.
    recordAttendance({ ctx: t.ctx, input: { lessonId: earlier.id, studentId: ids.owing, status: "present", channel: "roll_call" } });
    marked = makeLesson(db, { classId: klass.id, teacherId, startsAt: T0 + HOUR });
    forgotten = makeLesson(db, { classId: klass.id, teacherId, startsAt: T0 + 3 * HOUR });
    const cancelled = makeLesson(db, { classId: klass.id, teacherId, startsAt: T0 + 4 * HOUR, status: "cancelled" });
    assert.ok(cancelled);
  });
  after(() => t.close());

  it("shows hours owed and the limit before saving, then saves everyone it can", async () => {
    assert.equal((await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 1 })).status, 200);
    assert.equal((await t.admin.patch("/api/v1/settings", { hoursOwedLessons: -1 })).status, 400);
    const asTeacher = await t.asStaff(teacherId);
    const path = `/api/v1/lessons/${marked.id}/roll-call`;
    const roster = await asTeacher.get(path);
    assert.equal(roster.status, 200);
    assert.equal(roster.body.owedLimitText, "2.00 课时");
    type Row = { name: string; balanceLabel: string; owedHours: number; wouldOweHours: number; overLimit: boolean; status: string | null };
    const view = (body: { students: Row[] }) => body.students.map((s) => [s.name, s.balanceLabel, s.owedHours, s.wouldOweHours, s.overLimit]);
    assert.deepEqual(view(roster.body), [
      ["张三", "10.00 课时", 0, 0, false],
      ["李四", "0.00 课时", 0, 200, false],
      ["王五", "欠 2.00 课时", 200, 200, true],
    ]);

    const saved = await asTeacher.post(path, { entries: Object.values(ids).map((studentId) => ({ studentId, status: "present" })) });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.notSaved.map((m: { name: string; reason: string }) => [m.name, m.reason]), [["王五", "no_hours"]]);
    assert.match(saved.body.notSaved[0].message, /课时不足.*已欠 2\.00 课时.*最多可欠 2\.00 课时/);
    assert.deepEqual(saved.body.students.map((s: Row) => [s.name, s.status, s.balanceLabel]), [
      ["张三", "present", "8.00 课时"],
      ["李四", "present", "欠 2.00 课时"],
      ["王五", null, "欠 2.00 课时"],
    ]);
  });

  it("lists lessons left 未点名 for academic affairs, within their scope", async () => {
    t.clock.set(forgotten.endsAt + HOUR);
    const academic = await t.asStaff(academicId);
    const list = await academic.get("/api/v1/lessons/unmarked");
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((l: { lessonId: number; className: string; courseName: string; enrolled: number }) => [l.lessonId, l.className, l.courseName, l.enrolled]), [
      [forgotten.id, "数学一班", "数学提高", 3],
    ]);
    assert.equal((await academic.get("/api/v1/lessons/unmarked?limit=0")).status, 400);
    const elsewhere = makeStaff(t.database.db, { roles: ["academic"], campusIds: [makeCampus(t.database.db).id] });
    assert.deepEqual((await (await t.asStaff(elsewhere.id)).get("/api/v1/lessons/unmarked")).body.items, []);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"] });
    assert.equal((await (await t.asStaff(advisor.id)).get("/api/v1/lessons/unmarked")).status, 403);
  });

  it("runs a scheduled job now for an admin, audited; the reminder goes to the teacher once", async () => {
    const unknown = await t.admin.post("/api/v1/jobs/nope/run");
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error.message, /roll-call-reminders/);
    assert.equal((await (await t.asStaff(teacherId)).post("/api/v1/jobs/roll-call-reminders/run")).status, 403);
    const run = await t.admin.post("/api/v1/jobs/roll-call-reminders/run");
    assert.equal(run.status, 200);
    assert.deepEqual(run.body, { job: "roll-call-reminders", summary: { lessons: 1, atEnd: 1, nextMorning: 0 } });
    assert.deepEqual((await t.admin.post("/api/v1/jobs/roll-call-reminders/run")).body.summary, { lessons: 0, atEnd: 0, nextMorning: 0 });
    const reminders = t.database.db.select().from(cards).where(eq(cards.kind, "roll_call_reminder")).all();
    assert.deepEqual(reminders.map((c) => c.refId), [String(forgotten.id)]);
    const model = reminders[0]?.model as { actions: { text: string; url?: string }[] };
    assert.deepEqual(model.actions.map((a) => [a.text, a.url]), [["去点名", `/app/lessons/${forgotten.id}/roll-call`]]);
    const to = t.database.db.select({ staffId: cardDeliveries.staffId }).from(cardDeliveries).where(eq(cardDeliveries.cardId, reminders[0]?.id ?? 0)).all();
    assert.deepEqual(to, [{ staffId: teacherId }]);
    const audits = t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "job.run"))).all();
    assert.equal(audits.length, 2);
    assert.deepEqual(JSON.parse(audits[0]?.details ?? "{}"), { job: "roll-call-reminders", summary: { lessons: 1, atEnd: 1, nextMorning: 0 } });
  });
});
