// The exactly-once promise under load: the same student checking in 20 times at once from two bound
// phones, while the teacher's roll call marks them present, over real HTTP. One attendance row, one
// deduction, and the ledger reconciles.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { attendance, attendanceEvents, ledgerOps } from "../../server/db/schema";
import { balanceOf } from "../../server/domain/attendance/recordAttendance";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { reconcile } from "../../server/domain/reports/reconcile";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent, phoneClient } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const MIN = 60_000;
const TEN = T0 + 60 * MIN;

describe("concurrent check-in of one student", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("20 scans from two phones and the roll call at the same moment: one row, one deduction, reconcile clean", async () => {
    const db = t.database.db;
    const campusId = makeCampus(db).id;
    const course = makeCourse(db, { hoursPerLesson: 200 });
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusId] });
    const klass = makeClass(db, { courseId: course.id, campusId, teacherId: teacher.id });
    const lesson = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: TEN });
    const student = makeStudent(db, { campusId, name: "并发学员" });
    enroll(db, klass.id, student.id);
    creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: 1000, key: "gift", reason: "赠送", refType: "manual", expiresAt: null });
    t.clock.set(TEN - 5 * MIN);

    const token = signLessonToken(t.config.appSecret, lesson.id, t.clock.now()).token;
    const phones = [phoneClient(t.baseUrl, { address: "10.9.0.1" }), phoneClient(t.baseUrl, { address: "10.9.0.2" })];
    for (const phone of phones) {
      const code = (await t.admin.post(`/api/v1/students/${student.id}/binding-codes`)).body.code;
      assert.equal((await phone.post(`/c/${token}/bind`, { via: "code", code })).status, 303);
    }
    const asTeacher = await t.asStaff(teacher.id);

    const scans = Array.from({ length: 20 }, (_, i) => phones[i % 2]?.post(`/c/${token}/checkin`, { studentId: student.id }));
    const rollCall = asTeacher.post(`/api/v1/lessons/${lesson.id}/roll-call`, { entries: [{ studentId: student.id, status: "present" }] });
    const [called, ...answers] = await Promise.all([rollCall, ...scans]);

    assert.equal(called?.status, 200, JSON.stringify(called?.body));
    const statuses = answers.map((a) => a?.status);
    assert.ok(statuses.every((s) => s === 303 || s === 409), statuses.join(","));
    assert.ok(statuses.filter((s) => s === 303).length <= 1, "at most one scan records; the others are told");
    for (const refused of answers.filter((a) => a?.status === 409)) assert.match(refused?.text ?? "", /并发学员 已于 09:55 签到，不会重复扣课时/);

    const rows = db.select().from(attendance).where(and(eq(attendance.lessonId, lesson.id), eq(attendance.studentId, student.id))).all();
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.equal(row?.status, "present");
    const deductions = db.select().from(ledgerOps).where(eq(ledgerOps.studentId, student.id)).all().filter((op) => op.kind !== "gift");
    assert.deepEqual(deductions.map((op) => [op.kind, op.refType, op.refId]), [["attendance", "attendance", row?.id]]);
    assert.equal(db.select().from(attendanceEvents).where(eq(attendanceEvents.attendanceId, row?.id ?? 0)).all().length, 1);
    assert.equal(balanceOf(t.ctx, student.id, course.id), 800);
    assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
  });
});
