// The one attendance command: one row per (lesson, student), hours deducted exactly once while the
// status deducts, compensated when it stops deducting, refused where it must be.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { attendance, attendanceEvents, lessons, ledgerOps } from "../../../server/db/schema";
import { recordAttendance } from "../../../server/domain/attendance/recordAttendance";
import { markAbsences } from "../../../server/domain/attendance/markAbsences";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import { reverseOp } from "../../../server/domain/ledger/reverseOp";
import { reconcile } from "../../../server/domain/reports/reconcile";
import { systemActor } from "../../../server/core/context";
import { enroll, makeCampus, makeClass, makeCourse, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

function setup(course: { absencePolicy?: "deduct" | "no_deduct"; allowOverdraft?: boolean } = {}) {
  const t = testDb();
  const campus = makeCampus(t.db);
  const c = makeCourse(t.db, { hoursPerLesson: 200, ...course });
  const teacher = makeStaff(t.db, { roles: ["teacher"], campusIds: [campus.id] });
  const klass = makeClass(t.db, { courseId: c.id, campusId: campus.id, teacherId: teacher.id });
  const student = makeStudent(t.db, { campusId: campus.id });
  enroll(t.db, klass.id, student.id);
  const lesson = t.db
    .insert(lessons)
    .values({ classId: klass.id, teacherId: teacher.id, startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 })
    .returning()
    .get();
  const give = (hours: number) =>
    creditGift(t.ctx, { studentId: student.id, courseId: c.id, hours, key: `g${hours}${Math.random()}`, reason: "赠", refType: "manual", expiresAt: null });
  const asTeacher = t.as(staffActor(teacher, ["teacher"], [campus.id]));
  const deductions = () => t.db.select().from(ledgerOps).where(eq(ledgerOps.refType, "attendance")).all();
  return { ...t, c, teacher, klass, student, lesson, give, asTeacher, deductions };
}

describe("recordAttendance", () => {
  it("deducts once, compensates on a change that stops deducting, deducts again on the way back", () => {
    const s = setup();
    s.give(1000);
    const cmd = { lessonId: s.lesson.id, studentId: s.student.id, channel: "roll_call" as const };
    const first = recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "present" } });
    assert.equal(first.changed, true);
    assert.equal(first.balanceHours, 800);
    assert.equal(recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "present" } }).changed, false);
    assert.equal(recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "late" } }).balanceHours, 800, "late deducts too, not twice");
    const leave = recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "leave" } });
    assert.equal(leave.balanceHours, 1000);
    assert.equal(leave.attendance.ledgerOpId, null);
    const back = recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "present" } });
    assert.equal(back.balanceHours, 800);
    assert.deepEqual(s.deductions().map((o) => o.kind), ["attendance", "attendance"]);
    assert.equal(s.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "correction")).all().length, 1);
    assert.equal(s.db.select().from(attendance).all().length, 1);
    assert.deepEqual(s.db.select().from(attendanceEvents).all().map((e) => e.toStatus), ["present", "late", "leave", "present"]);
    assert.deepEqual(reconcile({ ctx: s.ctx }).discrepancies, []);
    s.close();
  });

  it("follows the course's absence policy", () => {
    const deduct = setup({ absencePolicy: "deduct" });
    deduct.give(1000);
    assert.equal(recordAttendance({ ctx: deduct.asTeacher, input: { lessonId: deduct.lesson.id, studentId: deduct.student.id, status: "absent", channel: "roll_call" } }).balanceHours, 800);
    deduct.close();
    const keep = setup({ absencePolicy: "no_deduct" });
    keep.give(1000);
    assert.equal(recordAttendance({ ctx: keep.asTeacher, input: { lessonId: keep.lesson.id, studentId: keep.student.id, status: "absent", channel: "roll_call" } }).balanceHours, 1000);
    keep.close();
  });

  it("refuses a student not in the class (a make-up student is accepted), a cancelled lesson, and another teacher", () => {
    const s = setup();
    const outsider = makeStudent(s.db, { campusId: s.klass.campusId });
    s.give(1000);
    assert.throws(() => recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: outsider.id, status: "present", channel: "roll_call" } }), /不在这节课的班级名单中/);
    creditGift(s.ctx, { studentId: outsider.id, courseId: s.c.id, hours: 400, key: "o", reason: "赠", refType: "manual", expiresAt: null });
    assert.equal(recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: outsider.id, status: "makeup", channel: "roll_call" } }).balanceHours, 200);
    const other = makeStaff(s.db, { roles: ["teacher"], campusIds: [s.klass.campusId] });
    assert.throws(() => recordAttendance({ ctx: s.as(staffActor(other, ["teacher"])), input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } }), /课次不存在/);
    s.db.update(lessons).set({ status: "cancelled" }).run();
    assert.throws(() => recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } }), /已取消/);
    s.close();
  });

  it("locks a lesson's attendance after the configured days, except for admins", () => {
    const s = setup();
    s.give(1000);
    recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } });
    s.clock.set(s.lesson.endsAt + 3 * DAY + 1);
    assert.throws(() => recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "leave", channel: "roll_call" } }), /考勤已锁定/);
    const admin = makeStaff(s.db, { roles: ["admin"] });
    assert.equal(recordAttendance({ ctx: s.as(staffActor(admin, ["admin"])), input: { lessonId: s.lesson.id, studentId: s.student.id, status: "leave", channel: "api" } }).balanceHours, 1000);
    s.close();
  });

  it("without hours refuses attendance and writes nothing; records an absence undeducted; overdraft courses flag the debt", () => {
    const s = setup();
    assert.throws(() => recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } }), /课时不足/);
    assert.equal(s.db.select().from(attendance).all().length, 0);
    const absent = recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "absent", channel: "roll_call" } });
    assert.equal(absent.hoursShort, true);
    assert.equal(absent.attendance.ledgerOpId, null);
    s.close();
    const o = setup({ allowOverdraft: true });
    assert.equal(recordAttendance({ ctx: o.asTeacher, input: { lessonId: o.lesson.id, studentId: o.student.id, status: "present", channel: "roll_call" } }).balanceHours, -200);
    o.close();
  });

  it("does not reverse twice a deduction already corrected by hand in the ledger", () => {
    const s = setup();
    s.give(1000);
    const r = recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } });
    reverseOp(s.ctx, { opId: r.attendance.ledgerOpId ?? 0, reason: "手工冲正" });
    assert.equal(recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "leave", channel: "roll_call" } }).balanceHours, 1000);
    assert.equal(recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } }).balanceHours, 800);
    s.close();
  });
});

describe("markAbsences (after class)", () => {
  it("marks students with no record absent once the lesson ended plus the delay, once", () => {
    const s = setup({ absencePolicy: "deduct" });
    const second = makeStudent(s.db, { campusId: s.klass.campusId });
    enroll(s.db, s.klass.id, second.id);
    s.give(1000);
    recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } });
    const ctx = { ...s.ctx, actor: systemActor("mark-absences") };
    s.clock.set(s.lesson.endsAt + 29 * 60_000);
    assert.equal(markAbsences({ ctx }).lessons, 0, "not before the delay");
    s.clock.set(s.lesson.endsAt + 30 * 60_000);
    assert.deepEqual(markAbsences({ ctx }), { lessons: 1, absences: 1, deducted: 0, hoursShort: 1 });
    assert.deepEqual(markAbsences({ ctx }), { lessons: 0, absences: 0, deducted: 0, hoursShort: 0 });
    const rows = s.db.select().from(attendance).all();
    assert.deepEqual(rows.map((r) => [r.studentId, r.status, r.channel]), [[s.student.id, "present", "roll_call"], [second.id, "absent", "auto"]]);
    assert.ok(s.db.select().from(lessons).get()?.absencesMarkedAt);
    s.close();
  });
});

describe("hours left", () => {
  it("does not count expired hours the nightly job has not cleared yet", () => {
    const s = setup();
    creditGift(s.ctx, { studentId: s.student.id, courseId: s.c.id, hours: 500, key: "soon", reason: "赠", refType: "manual", expiresAt: T0 + 2 * HOUR });
    creditGift(s.ctx, { studentId: s.student.id, courseId: s.c.id, hours: 1000, key: "later", reason: "赠", refType: "manual", expiresAt: null });
    s.clock.set(T0 + 2 * HOUR);
    const r = recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } });
    assert.equal(r.balanceHours, 800, "1000 usable − 200; the 500 expired are not offered");
    s.close();
  });
});
