// The one attendance command: one row per (lesson, student), hours deducted exactly once while the
// status deducts, compensated when it stops deducting, owed up to the limit, refused past it; automatic
// absences that never deduct, and the migration of the old ones that did.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { attendance, attendanceEvents, cardDeliveries, cards, followupTasks, lessons, ledgerOps, students } from "../../../server/db/schema";
import { balanceOf, recordAttendance } from "../../../server/domain/attendance/recordAttendance";
import { markAbsences } from "../../../server/domain/attendance/markAbsences";
import { rollCallProgress } from "../../../server/domain/attendance/rollCallProgress";
import { undoAutoAbsenceDeductions } from "../../../server/domain/attendance/undoAutoAbsenceDeductions";
import { updateSettings } from "../../../server/domain/settings/institutionSettings";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import { reverseOp } from "../../../server/domain/ledger/reverseOp";
import { reconcile } from "../../../server/domain/reports/reconcile";
import { systemActor } from "../../../server/core/context";
import { recordFollowupOutcome } from "../../../server/domain/followupTasks/recordFollowupOutcome";
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

  it("without hours records attendance as hours owed up to the limit, then refuses; an absence past it is recorded undeducted", () => {
    const s = setup({ absencePolicy: "deduct" });
    const more = () => {
      const lesson = s.db
        .insert(lessons)
        .values({ classId: s.klass.id, teacherId: s.teacher.id, startsAt: T0 + 4 * HOUR, endsAt: T0 + 5 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 })
        .returning()
        .get();
      return lesson.id;
    };
    const mark = (lessonId: number, status: "present" | "absent") => recordAttendance({ ctx: s.asTeacher, input: { lessonId, studentId: s.student.id, status, channel: "roll_call" } });
    const first = mark(s.lesson.id, "present");
    assert.equal(first.balanceHours, -200);
    assert.equal(first.owedHours, 200);
    assert.equal(mark(more(), "present").owedHours, 400, "the default limit: 2 lessons");
    const third = more();
    assert.throws(() => mark(third, "present"), (err: Error & { details?: { reason?: string; owedHours?: number; owedLimit?: number } }) => {
      assert.match(err.message, /课时不足.*已欠 4\.00 课时.*最多可欠 4\.00 课时/);
      assert.deepEqual([err.details?.reason, err.details?.owedHours, err.details?.owedLimit], ["no_hours", 400, 400]);
      return true;
    });
    assert.equal(s.db.select().from(attendance).where(eq(attendance.lessonId, third)).all().length, 0, "the refused mark wrote nothing");
    const absent = mark(third, "absent");
    assert.equal(absent.hoursShort, true);
    assert.equal(absent.attendance.ledgerOpId, null);
    // A purchase settles the debt (the overdraft lot goes back to zero).
    s.give(1000);
    assert.equal(balanceOf(s.ctx, s.student.id, s.c.id), 600);
    assert.deepEqual(reconcile({ ctx: s.ctx }).discrepancies, []);
    s.close();
  });

  it("owes nothing when the institution allows no hours owed; an overdraft course has no limit", () => {
    const s = setup();
    updateSettings({ ctx: s.ctx, input: { hoursOwedLessons: 0 } });
    assert.throws(() => recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } }), /课时不足/);
    assert.equal(s.db.select().from(attendance).all().length, 0);
    s.close();
    const o = setup({ allowOverdraft: true });
    updateSettings({ ctx: o.ctx, input: { hoursOwedLessons: 0 } });
    assert.equal(recordAttendance({ ctx: o.asTeacher, input: { lessonId: o.lesson.id, studentId: o.student.id, status: "present", channel: "roll_call" } }).balanceHours, -200);
    assert.deepEqual(reconcile({ ctx: o.ctx }).discrepancies, []);
    o.close();
  });

  it("opens the advisor one renewal follow-up per debt episode, not one per lesson", () => {
    const s = setup();
    const advisor = makeStaff(s.db, { roles: ["advisor"], campusIds: [s.klass.campusId] });
    s.db.update(students).set({ advisorId: advisor.id }).where(eq(students.id, s.student.id)).run();
    const second = s.db
      .insert(lessons)
      .values({ classId: s.klass.id, teacherId: s.teacher.id, startsAt: T0 + 4 * HOUR, endsAt: T0 + 5 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 })
      .returning()
      .get();
    const present = (lessonId: number) => recordAttendance({ ctx: s.asTeacher, input: { lessonId, studentId: s.student.id, status: "present", channel: "roll_call" } });
    present(s.lesson.id);
    present(second.id);
    const renewal = () => s.db.select().from(followupTasks).where(eq(followupTasks.kind, "renewal")).all();
    assert.equal(renewal().length, 1);
    const task = renewal()[0];
    assert.equal(task?.trigger, "owing");
    assert.equal(task?.ownerId, advisor.id);
    assert.deepEqual((task?.facts as { lines: { key: string; value: string }[] }).lines.find((r) => r.key === "剩余课时")?.value, "欠 2.00 课时");
    const card = s.db.select().from(cards).where(eq(cards.refType, "followup_task")).get()?.model as { title: string; detailUrl: string };
    assert.equal(card.title, `续费跟进 · ${s.student.name}`);
    assert.equal(card.detailUrl, `/app/followups/${task?.id}`);
    assert.deepEqual(s.db.select({ staffId: cardDeliveries.staffId }).from(cardDeliveries).all(), [{ staffId: advisor.id }]);
    // The advisor records an outcome; new hours settle the debt; owing again is a new episode.
    recordFollowupOutcome({ ctx: s.ctx, input: { taskId: task?.id ?? 0, outcome: "contacted" } });
    s.give(400);
    assert.equal(balanceOf(s.ctx, s.student.id, s.c.id), 0);
    const third = s.db
      .insert(lessons)
      .values({ classId: s.klass.id, teacherId: s.teacher.id, startsAt: T0 + 6 * HOUR, endsAt: T0 + 7 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 })
      .returning()
      .get();
    present(third.id);
    assert.equal(renewal().length, 2);
    assert.deepEqual(reconcile({ ctx: s.ctx }).discrepancies, []);
    s.close();
  });

  it("keeps a make-up a make-up when the teacher marks the student present: no second deduction", () => {
    const s = setup();
    s.give(1000);
    const cmd = { lessonId: s.lesson.id, studentId: s.student.id };
    // The leave deducted elsewhere: the make-up is recorded without deduction.
    recordAttendance({ ctx: s.ctx, input: { ...cmd, status: "makeup", channel: "api", noDeduction: true } });
    const present = recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "present", channel: "roll_call" } });
    assert.equal(present.attendance.status, "makeup");
    assert.equal(present.changed, false);
    assert.equal(present.balanceHours, 1000);
    assert.equal(recordAttendance({ ctx: s.asTeacher, input: { ...cmd, status: "late", channel: "roll_call" } }).balanceHours, 1000);
    assert.equal(s.deductions().length, 0);
    s.close();
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
  it("does nothing while automatic absences are off (the default)", () => {
    const s = setup({ absencePolicy: "deduct" });
    s.clock.set(s.lesson.endsAt + 30 * DAY);
    assert.deepEqual(markAbsences({ ctx: { ...s.ctx, actor: systemActor("mark-absences") } }), { lessons: 0, absences: 0 });
    assert.equal(s.db.select().from(attendance).all().length, 0);
    s.close();
  });

  it("when on, writes automatic absences after N hours that never deduct; a person's mark confirms and deducts", () => {
    const s = setup({ absencePolicy: "deduct" });
    updateSettings({ ctx: s.ctx, input: { autoAbsenceAfterHours: 2 } });
    const second = makeStudent(s.db, { campusId: s.klass.campusId });
    enroll(s.db, s.klass.id, second.id);
    s.give(1000);
    creditGift(s.ctx, { studentId: second.id, courseId: s.c.id, hours: 1000, key: "second", reason: "赠", refType: "manual", expiresAt: null });
    recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "present", channel: "roll_call" } });
    const ctx = { ...s.ctx, actor: systemActor("mark-absences") };
    s.clock.set(s.lesson.endsAt + 2 * HOUR - 1);
    assert.equal(markAbsences({ ctx }).lessons, 0, "not before the delay");
    s.clock.set(s.lesson.endsAt + 2 * HOUR);
    assert.deepEqual(markAbsences({ ctx }), { lessons: 1, absences: 1 });
    assert.deepEqual(markAbsences({ ctx }), { lessons: 0, absences: 0 });
    const auto = s.db.select().from(attendance).where(eq(attendance.studentId, second.id)).get();
    assert.deepEqual([auto?.status, auto?.channel, auto?.ledgerOpId], ["absent", "auto", null]);
    assert.equal(balanceOf(s.ctx, second.id, s.c.id), 1000, "an automatic absence never deducts");
    const progress = rollCallProgress(s.ctx, [s.lesson]).get(s.lesson.id);
    assert.deepEqual([progress?.marked, progress?.automatic, progress?.done], [1, 1, false], "an automatic row is not a mark");
    // The teacher confirms the absence: the course deducts for absence.
    const confirmed = recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: second.id, status: "absent", channel: "roll_call" } });
    assert.equal(confirmed.changed, true);
    assert.equal(confirmed.attendance.channel, "roll_call");
    assert.equal(confirmed.balanceHours, 800);
    assert.deepEqual(reconcile({ ctx: s.ctx }).discrepancies, []);
    s.close();
  });
});

describe("undoAutoAbsenceDeductions (migration)", () => {
  it("gives back what old automatic absences deducted, once, and the books stay clean", () => {
    const s = setup({ absencePolicy: "deduct" });
    s.give(1000);
    // As the old job did: an automatic absence that deducted.
    const old = recordAttendance({ ctx: s.asTeacher, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "absent", channel: "roll_call" } });
    s.db.update(attendance).set({ channel: "auto" }).where(eq(attendance.id, old.attendance.id)).run();
    assert.equal(balanceOf(s.ctx, s.student.id, s.c.id), 800);
    assert.deepEqual(undoAutoAbsenceDeductions({ ctx: s.ctx }), { rows: 1, reversed: 1 });
    assert.deepEqual(undoAutoAbsenceDeductions({ ctx: s.ctx }), { rows: 0, reversed: 0 });
    assert.equal(balanceOf(s.ctx, s.student.id, s.c.id), 1000);
    const row = s.db.select().from(attendance).get();
    assert.deepEqual([row?.status, row?.channel, row?.ledgerOpId], ["absent", "auto", null]);
    assert.equal(s.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "correction")).all().length, 1);
    assert.deepEqual(reconcile({ ctx: s.ctx }).discrepancies, []);
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
