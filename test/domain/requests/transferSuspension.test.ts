// Transfer (转班) and suspension (休学) through the engine: hours and value move at the documented rule
// with reconcile clean and enrolments moved; suspension stops absence marking and expiry, and resume
// extends the lots by the paused time.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { attendance, auditLog, enrollments, hourLots, ledgerOps, students } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { markAbsences } from "../../../server/domain/attendance/markAbsences";
import { expireLots } from "../../../server/domain/ledger/expireLots";
import { reconcile, studentTotals } from "../../../server/domain/reports/reconcile";
import { resumeStudent } from "../../../server/domain/suspensions/resumeStudent";
import { submitSuspensionRequest } from "../../../server/domain/suspensions/submitSuspensionRequest";
import { submitTransferRequest } from "../../../server/domain/transfers/submitTransferRequest";
import { enroll, makeClass, makeCourse, makeLesson, makePackage } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { requestWorld } from "./world";

const DAY = 86_400_000;

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ServiceError, String(err));
    return err;
  }
  assert.fail("expected a ServiceError");
}

function setup() {
  const w = requestWorld();
  const math = makeCourse(w.db, { name: "奥数" });
  const english = makeCourse(w.db, { name: "英语" });
  // ¥180 per 课时 + 2 gift hours, valid 30 days.
  const pkg = makePackage(w.db, { courseId: math.id, name: "奥数 20 课时", hours: 2000, giftHours: 200, priceFen: 360000, validityDays: 30 });
  const mathClass = makeClass(w.db, { courseId: math.id, campusId: w.campus.id, teacherId: w.academic.id, name: "奥数A班" });
  const mathClassB = makeClass(w.db, { courseId: math.id, campusId: w.campus.id, teacherId: w.academic.id, name: "奥数B班" });
  const englishClass = makeClass(w.db, { courseId: english.id, campusId: w.campus.id, teacherId: w.academic.id, name: "英语A班", capacity: 1 });
  enroll(w.db, mathClass.id, w.student.id);
  w.buy(w.student.id, [pkg.id]);
  return { ...w, math, english, pkg, mathClass, mathClassB, englishClass };
}

const enrollmentOf = (w: ReturnType<typeof setup>, classId: number) =>
  w.db.select().from(enrollments).where(and(eq(enrollments.classId, classId), eq(enrollments.studentId, w.student.id))).get();

describe("transfer requests", () => {
  let w: ReturnType<typeof setup>;
  beforeEach(() => (w = setup()));
  afterEach(() => w.close());

  it("moves all hours 1:1 to another course, ends the old enrolment, enrols in the target class", () => {
    const instance = submitTransferRequest({
      ctx: w.advisor.ctx,
      input: { studentId: w.student.id, fromCourseId: w.math.id, fromClassId: w.mathClass.id, toCourseId: w.english.id, toClassId: w.englishClass.id, hours: 2200, reason: "改学英语" },
    });
    const fields = instance.fields as Record<string, number>;
    assert.equal(fields.valueFen, 360000);
    assert.equal(fields.toHours, 2200);
    const { approvers, instance: done } = w.approveAll(instance.id);
    assert.deepEqual(approvers, ["王老师", "教务乙"]);
    assert.equal(done.status, "approved");
    const ops = w.db.select().from(ledgerOps).where(eq(ledgerOps.studentId, w.student.id)).all();
    const tin = ops.filter((o) => o.kind === "transfer_in");
    assert.equal(tin.reduce((s, o) => s + o.hours, 0), 2200);
    assert.equal(tin.reduce((s, o) => s + o.fen, 0), 360000);
    assert.equal(enrollmentOf(w, w.mathClass.id)?.status, "transferred");
    assert.equal(enrollmentOf(w, w.englishClass.id)?.status, "active");
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("converts at the target unit price: value moves whole, hours floored; the old enrolment stays while hours remain", () => {
    // Transfer 3 课时 (¥540.00) to 英语 at ¥70.00 per 课时 → floor(54000 × 100 / 7000) = 771 hundredths.
    const instance = submitTransferRequest({
      ctx: w.advisor.ctx,
      input: { studentId: w.student.id, fromCourseId: w.math.id, fromClassId: w.mathClass.id, toCourseId: w.english.id, hours: 300, toUnitPriceFen: 7000, reason: "加课" },
    });
    const fields = instance.fields as Record<string, number>;
    assert.equal(fields.valueFen, 54000);
    assert.equal(fields.toHours, 771);
    w.approveAll(instance.id);
    const totals = studentTotals(w.db, w.student.id);
    assert.equal(totals?.transferInHours, 771);
    assert.equal(totals?.transferOutHours, 300);
    assert.equal(totals?.transferInFen, 54000);
    const englishLots = w.db.select().from(hourLots).where(eq(hourLots.studentId, w.student.id)).all().filter((l) => l.sourceLotId !== null);
    assert.deepEqual(englishLots.map((l) => [l.remainingHours, l.remainingFen]), [[771, 54000]]);
    assert.equal(enrollmentOf(w, w.mathClass.id)?.status, "active", "math hours remain");
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("a class change within the course moves only the enrolment", () => {
    const instance = submitTransferRequest({
      ctx: w.advisor.ctx,
      input: { studentId: w.student.id, fromCourseId: w.math.id, fromClassId: w.mathClass.id, toCourseId: w.math.id, toClassId: w.mathClassB.id, reason: "时间冲突" },
    });
    w.approveAll(instance.id);
    assert.equal(enrollmentOf(w, w.mathClass.id)?.status, "transferred");
    assert.equal(enrollmentOf(w, w.mathClassB.id)?.status, "active");
    assert.equal(w.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "transfer_out")).all().length, 0);
  });

  it("refuses more hours than usable (400 on hours), a class of another course, and a change since submission (409, nothing moved)", () => {
    const base = { studentId: w.student.id, fromCourseId: w.math.id, toCourseId: w.english.id, reason: "x" };
    const over = errorOf(() => submitTransferRequest({ ctx: w.advisor.ctx, input: { ...base, hours: 2300 } }));
    assert.equal(over.code, "VALIDATION");
    assert.deepEqual(over.details?.fields, [{ path: "hours", message: "转出课时不能超过可用课时（22.00 课时）" }]);
    assert.equal(errorOf(() => submitTransferRequest({ ctx: w.advisor.ctx, input: { ...base, hours: 100, toClassId: w.mathClass.id } })).code, "VALIDATION");
    const instance = submitTransferRequest({ ctx: w.advisor.ctx, input: { ...base, hours: 2200, toUnitPriceFen: 9000 } });
    w.approveStep(instance.id);
    w.consume(w.math.id, 100, "meanwhile");
    const err = errorOf(() => w.approveStep(instance.id));
    assert.ok(err.code === "CONFLICT" || err.code === "PRECONDITION_FAILED", err.code);
    assert.match(err.message, /重新提交|不足/);
    assert.equal(w.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "transfer_out")).all().length, 0);
  });
});

describe("suspension requests", () => {
  let w: ReturnType<typeof setup>;
  beforeEach(() => (w = setup()));
  afterEach(() => w.close());

  it("pauses absences and expiry; resume extends the lots by the paused time and restores the enrolment", () => {
    const instance = submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-02", expectedResumeDate: "2026-05-01", reason: "住院" } });
    const { approvers, instance: done } = w.approveAll(instance.id);
    assert.equal(approvers.length, 2);
    assert.equal(done.status, "approved");
    const suspendedAt = w.clock.now();
    assert.equal(w.db.select().from(students).where(eq(students.id, w.student.id)).get()?.status, "suspended");
    assert.equal(enrollmentOf(w, w.mathClass.id)?.status, "suspended");

    // A lesson ends: no absence for the suspended student, even if the enrolment were re-activated by hand.
    w.db.update(enrollments).set({ status: "active" }).where(eq(enrollments.studentId, w.student.id)).run();
    makeLesson(w.db, { classId: w.mathClass.id, teacherId: w.academic.id, startsAt: T0 + 3600_000 });
    w.clock.advance(DAY);
    const marked = markAbsences({ ctx: w.ctx });
    assert.equal(marked.absences, 0);
    assert.equal(w.db.select().from(attendance).all().length, 0);
    w.db.update(enrollments).set({ status: "suspended" }).where(eq(enrollments.studentId, w.student.id)).run();

    // The lots (30 days) pass their expiry while suspended: nothing expires.
    const lotsBefore = w.db.select().from(hourLots).where(eq(hourLots.studentId, w.student.id)).all().filter((l) => l.expiresAt !== null);
    assert.ok(lotsBefore.length > 0);
    w.clock.advance(40 * DAY);
    assert.equal(expireLots({ ctx: w.ctx }).lots, 0);

    const resumed = resumeStudent({ ctx: w.academic.ctx, input: { studentId: w.student.id } });
    const paused = w.clock.now() - suspendedAt;
    assert.equal(resumed.pausedMs, paused);
    assert.equal(resumed.extendedLots.length, lotsBefore.length);
    for (const lot of w.db.select().from(hourLots).where(eq(hourLots.studentId, w.student.id)).all().filter((l) => l.expiresAt !== null)) {
      const before = lotsBefore.find((l) => l.id === lot.id);
      assert.equal(lot.expiresAt, (before?.expiresAt ?? 0) + paused);
    }
    assert.equal(w.db.select().from(students).where(eq(students.id, w.student.id)).get()?.status, "enrolled");
    assert.equal(enrollmentOf(w, w.mathClass.id)?.status, "active");
    assert.equal(expireLots({ ctx: w.ctx }).lots, 0, "the extended lots are not due yet");
    assert.equal(w.db.select().from(auditLog).where(eq(auditLog.action, "ledger.lot_extended")).all().length, lotsBefore.length);
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("refuses a second pending suspension, a student not enrolled, and resume by a head teacher or of an enrolled student", () => {
    submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-02", reason: "住院" } });
    assert.equal(errorOf(() => submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-02", reason: "again" } })).code, "CONFLICT");
    assert.equal(
      errorOf(() => submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-02", expectedResumeDate: "2026-03-01", reason: "x" } })).code,
      "VALIDATION",
    );
    assert.equal(errorOf(() => resumeStudent({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id } })).code, "FORBIDDEN");
    assert.equal(errorOf(() => resumeStudent({ ctx: w.academic.ctx, input: { studentId: w.student.id } })).code, "PRECONDITION_FAILED");
  });
});
