// The student lifecycle after the effects that empty an account: a full refund and a transfer out end
// the enrolments (endDate today: earlier rosters keep the student, later ones do not) and finish a
// student left with nothing; a partial refund ends nothing, and neither does expiry (the family may
// renew: the student stays on the roster, owing hours within the limit, and the advisor is reminded). A suspension approved ahead takes
// effect on its fromDate through the job; resuming into a full class keeps that enrolment paused.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { approvalInstances, classes, enrollments, studentStatusChanges, students } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { expireLots } from "../../../server/domain/ledger/expireLots";
import { executeRefund } from "../../../server/domain/refunds/executeRefund";
import { quoteRefund } from "../../../server/domain/refunds/quoteRefund";
import { activeStudentIdsOfClass, isActiveStudentOfClass } from "../../../server/domain/scheduling/enrollmentQueries";
import { getStudent } from "../../../server/domain/students/studentDetail";
import { resumeStudent } from "../../../server/domain/suspensions/resumeStudent";
import { submitSuspensionRequest } from "../../../server/domain/suspensions/submitSuspensionRequest";
import { submitTransferRequest } from "../../../server/domain/transfers/submitTransferRequest";
import { studentDayJob } from "../../../server/jobs/studentDayJob";
import { enroll, makeClass, makeCourse, makePackage, makeStudent } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { requestWorld } from "../requests/world";

const DAY = 86_400_000;
const TODAY = "2026-03-02";
const TOMORROW = "2026-03-03";

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
  const mathPkg = makePackage(w.db, { courseId: math.id, name: "奥数 20 课时", hours: 2000, giftHours: 200, priceFen: 360000, validityDays: 30 });
  const englishPkg = makePackage(w.db, { courseId: english.id, name: "英语 10 课时", hours: 1000, giftHours: 0, priceFen: 100000, validityDays: null });
  const mathClass = makeClass(w.db, { courseId: math.id, campusId: w.campus.id, teacherId: w.academic.id, name: "奥数A班", capacity: 2 });
  const englishClass = makeClass(w.db, { courseId: english.id, campusId: w.campus.id, teacherId: w.academic.id, name: "英语A班" });
  enroll(w.db, mathClass.id, w.student.id);
  w.buy(w.student.id, [mathPkg.id]);
  const refund = (courseId: number, key: string) => {
    const q = quoteRefund({ ctx: w.finance.ctx, input: { studentId: w.student.id, courseId } });
    return executeRefund({ ctx: w.finance.ctx, input: { studentId: w.student.id, courseId, expectedAmountFen: q.amountFen, payoutMethod: "cash", idempotencyKey: key } });
  };
  const enrollment = (classId: number) =>
    w.db.select().from(enrollments).where(and(eq(enrollments.classId, classId), eq(enrollments.studentId, w.student.id))).get();
  const status = () => w.db.select().from(students).where(eq(students.id, w.student.id)).get()?.status;
  const history = () => w.db.select().from(studentStatusChanges).where(eq(studentStatusChanges.studentId, w.student.id)).all();
  return { ...w, math, english, mathPkg, englishPkg, mathClass, englishClass, refund, enrollment, status, history };
}

describe("enrolments end when an effect empties the account", () => {
  let w: ReturnType<typeof setup>;
  beforeEach(() => (w = setup()));
  afterEach(() => w.close());

  it("a full refund ends the enrolment (today's roster keeps the student, tomorrow's not) and finishes the student with a dated history row", () => {
    w.refund(w.math.id, "refund-full-0001");
    const e = w.enrollment(w.mathClass.id);
    assert.equal(e?.status, "finished");
    assert.equal(e?.endDate, TODAY);
    assert.deepEqual(activeStudentIdsOfClass(w.db, w.mathClass.id, TODAY), [w.student.id], "a lesson up to today keeps its roster");
    assert.deepEqual(activeStudentIdsOfClass(w.db, w.mathClass.id, TOMORROW), [], "the next lesson's roster has no refunded student");
    assert.equal(isActiveStudentOfClass(w.db, w.mathClass.id, w.student.id, TOMORROW), false);
    assert.deepEqual(activeStudentIdsOfClass(w.db, w.mathClass.id), [], "nor the class as it is now");
    assert.equal(w.status(), "finished");
    const [row] = w.history();
    assert.equal(row?.fromStatus, "enrolled");
    assert.equal(row?.toStatus, "finished");
    assert.equal(row?.at, T0);
    assert.match(row?.reason ?? "", /退费/);
  });

  it("a refund that leaves hours elsewhere ends only what it emptied; a refund of an unenrolled course ends nothing", () => {
    w.buy(w.student.id, [w.englishPkg.id]);
    w.refund(w.english.id, "refund-english-01");
    assert.equal(w.enrollment(w.mathClass.id)?.status, "active");
    assert.equal(w.enrollment(w.mathClass.id)?.endDate, null);
    assert.equal(w.status(), "enrolled");
    assert.deepEqual(w.history(), []);
    // The math refund empties math: the enrolment ends, and nothing is left anywhere.
    w.refund(w.math.id, "refund-math-0001");
    assert.equal(w.enrollment(w.mathClass.id)?.status, "finished");
    assert.equal(w.status(), "finished");
  });

  it("a student who keeps hours on another course stays 在读 after a refund empties one course", () => {
    w.buy(w.student.id, [w.englishPkg.id]);
    w.refund(w.math.id, "refund-math-0002");
    assert.equal(w.enrollment(w.mathClass.id)?.status, "finished");
    assert.equal(w.status(), "enrolled", "english hours are left");
  });

  it("a transfer out of every hour ends the source enrolment as transferred, endDate today; the target enrolment starts", () => {
    const instance = submitTransferRequest({
      ctx: w.advisor.ctx,
      input: { studentId: w.student.id, fromCourseId: w.math.id, toCourseId: w.english.id, toClassId: w.englishClass.id, hours: 2200, reason: "改学英语" },
    });
    w.approveAll(instance.id);
    assert.equal(w.enrollment(w.mathClass.id)?.status, "transferred");
    assert.equal(w.enrollment(w.mathClass.id)?.endDate, TODAY);
    assert.deepEqual(activeStudentIdsOfClass(w.db, w.mathClass.id, TOMORROW), []);
    assert.equal(w.enrollment(w.englishClass.id)?.status, "active");
    assert.equal(w.status(), "enrolled");
  });

  it("a transfer leaving hours behind ends nothing", () => {
    const instance = submitTransferRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, fromCourseId: w.math.id, toCourseId: w.english.id, hours: 500, reason: "加课" } });
    w.approveAll(instance.id);
    assert.equal(w.enrollment(w.mathClass.id)?.status, "active");
  });

  it("hours expiring to nothing end nothing: the family may renew", () => {
    w.clock.advance(31 * DAY);
    expireLots({ ctx: w.ctx });
    const e = w.enrollment(w.mathClass.id);
    assert.equal(e?.status, "active");
    assert.equal(e?.endDate, null);
    assert.equal(w.status(), "enrolled");
  });
});

describe("suspension on its fromDate, and resume", () => {
  let w: ReturnType<typeof setup>;
  beforeEach(() => (w = setup()));
  afterEach(() => w.close());

  it("approved before fromDate: scheduled, shown on the profile, applied by the job on that day and not before (once)", () => {
    const instance = submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-05", reason: "出国" } });
    w.approveAll(instance.id);
    assert.equal(w.status(), "enrolled");
    assert.equal(w.enrollment(w.mathClass.id)?.status, "active");
    assert.deepEqual(getStudent({ ctx: w.academic.ctx, input: { id: w.student.id } }).scheduledSuspension, { instanceId: instance.id, fromDate: "2026-03-05", expectedResumeDate: null });
    assert.equal(errorOf(() => submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-10", reason: "again" } })).code, "CONFLICT");

    w.clock.set(T0 + 2 * DAY + 14 * 3_600_000); // 2026-03-04 23:00
    assert.deepEqual(studentDayJob.run(w.ctx), { applied: 0, skipped: 0, makeupTodosClosed: 0 });
    assert.equal(w.status(), "enrolled");

    w.clock.set(T0 + 2 * DAY + 15 * 3_600_000 + 60_000); // 2026-03-05 00:01
    assert.equal(studentDayJob.run(w.ctx).applied, 1);
    assert.equal(w.status(), "suspended");
    assert.equal(w.enrollment(w.mathClass.id)?.status, "suspended");
    assert.equal(w.history().at(-1)?.at, w.clock.now(), "the pause is dated the day it began");
    assert.equal(studentDayJob.run(w.ctx).applied, 0, "a second run applies nothing");
    const fields = w.db.select().from(approvalInstances).where(eq(approvalInstances.id, instance.id)).get()?.fields as Record<string, unknown>;
    assert.equal(fields.scheduled, false);
    assert.equal(fields.appliedAt, w.clock.now());
    assert.equal(getStudent({ ctx: w.academic.ctx, input: { id: w.student.id } }).scheduledSuspension, null);
  });

  it("approved on fromDate applies at once", () => {
    const instance = submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: TODAY, reason: "住院" } });
    w.approveAll(instance.id);
    assert.equal(w.status(), "suspended");
  });

  it("a scheduled suspension of a student refunded meanwhile is skipped on its day", () => {
    const instance = submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-05", reason: "出国" } });
    w.approveAll(instance.id);
    w.refund(w.math.id, "refund-before-pause");
    w.clock.set(T0 + 3 * DAY);
    assert.deepEqual(studentDayJob.run(w.ctx), { applied: 0, skipped: 1, makeupTodosClosed: 0 });
    assert.equal(w.status(), "finished");
  });

  it("resuming into a full class resumes the student, keeps that enrolment paused and names the class", () => {
    const other = makeClass(w.db, { courseId: w.math.id, campusId: w.campus.id, teacherId: w.academic.id, name: "奥数B班" });
    enroll(w.db, other.id, w.student.id);
    const instance = submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: TODAY, reason: "住院" } });
    w.approveAll(instance.id);
    // Meanwhile 奥数A班 (2 seats) fills up.
    for (const name of ["甲", "乙"]) enroll(w.db, w.mathClass.id, makeStudent(w.db, { campusId: w.campus.id, name }).id);
    w.clock.advance(7 * DAY);
    const resumed = resumeStudent({ ctx: w.academic.ctx, input: { studentId: w.student.id } });
    assert.equal(resumed.student.status, "enrolled");
    assert.deepEqual(resumed.restoredEnrollmentIds, [w.enrollment(other.id)?.id]);
    assert.deepEqual(
      resumed.notRestored.map((n) => [n.classId, n.reason]),
      [[w.mathClass.id, "full"]],
    );
    assert.match(resumed.notRestored[0]?.message ?? "", /奥数A班已满/);
    assert.equal(w.enrollment(w.mathClass.id)?.status, "suspended");
    assert.equal(w.db.select().from(classes).where(eq(classes.id, w.mathClass.id)).get()?.capacity, 2);
  });

  it("refuses (400 on the field) a start before the student's 建档日期, more than 30 days back, and a resume date not after the start", () => {
    const fields = (err: ServiceError) => (err.details?.fields as { path: string; message: string }[]).map((f) => `${f.path}:${f.message}`);
    const before = errorOf(() => submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2024-03-01", reason: "x" } }));
    assert.equal(before.code, "VALIDATION");
    assert.deepEqual(fields(before), [`fromDate:休学开始日期不能早于建档日期 ${TODAY}`]);
    const old = makeStudent(w.db, { campusId: w.campus.id, headTeacherId: w.headTeacher.id, createdAt: T0 - 400 * DAY });
    const longAgo = errorOf(() => submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: old.id, fromDate: "2026-01-01", reason: "x" } }));
    assert.deepEqual(fields(longAgo), ["fromDate:休学开始日期最早为 30 天前（2026-01-31）"]);
    const resume = errorOf(() => submitSuspensionRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, fromDate: "2026-03-10", expectedResumeDate: "2026-03-10", reason: "x" } }));
    assert.deepEqual(fields(resume), ["expectedResumeDate:预计复课日期应晚于休学开始日期"]);
  });
});
