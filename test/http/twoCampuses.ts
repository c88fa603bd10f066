// Two campuses with the same life on each, made through the real API as an admin would: a student with a
// guardian, a paid order (hour lots and ledger ops), a class with a lesson taken by roll call
// (attendance and a deduction), a leave request waiting for the teacher (an approval and its task), a
// cancelled lesson and a revealed mobile. Campus 1 has one member of every role; campus 2 is what they
// must not reach. Used by the scope tests (roleScope, auditScope).
import assert from "node:assert/strict";
import type { Role } from "../../server/db/schema";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeLesson, makePackage, makeStaff, makeStudent } from "../helpers/factories";
import { T0, type TestApp } from "../helpers/testApp";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What one campus holds: every id a scope test reads or writes. */
export type CampusLife = {
  campusId: number;
  studentId: number;
  studentName: string;
  guardianId: number;
  guardianMobile: string;
  classId: number;
  /** Taken by roll call at T0. */
  lessonId: number;
  /** A week later, asked off by the leave request. */
  nextLessonId: number;
  /** Cancelled by the admin (a lesson.cancel audit row tied only to the campus). */
  cancelledLessonId: number;
  orderId: number;
  accountId: number;
  ledgerOpId: number;
  attendanceLedgerOpId: number;
  approvalId: number;
  taskId: number;
  teacherId: number;
};

/** The roles a campus-1 member is made for, one each; all of them are scoped to campus 1. */
export const ROLES_UNDER_TEST: readonly Role[] = ["admin", "principal", "academic", "advisor", "teacher", "head_teacher", "finance", "service"];

export type TwoCampuses = {
  courseId: number;
  packageId: number;
  mine: CampusLife;
  theirs: CampusLife;
  /** Staff id of the campus-1 member holding each role (the advisor, teacher and head teacher own campus 1's student and class). */
  members: Record<Role, number>;
};

async function campusLife(
  t: TestApp,
  o: { courseId: number; packageId: number; name: string; mobile: string; teacherId: number; headTeacherId: number; advisorId: number; campusId: number },
): Promise<CampusLife> {
  const db = t.database.db;
  // the class is named after the student, so a list that leaks either shows the name
  const klass = makeClass(db, { name: `${o.name}的班`, courseId: o.courseId, campusId: o.campusId, teacherId: o.teacherId, headTeacherId: o.headTeacherId });
  const student = makeStudent(db, { campusId: o.campusId, name: o.name, advisorId: o.advisorId, headTeacherId: o.headTeacherId });
  enroll(db, klass.id, student.id);
  const guardian = makeGuardian(db, student.id, { mobile: o.mobile });
  const lesson = makeLesson(db, { classId: klass.id, teacherId: o.teacherId, startsAt: T0 });
  const nextLesson = makeLesson(db, { classId: klass.id, teacherId: o.teacherId, startsAt: T0 + 7 * DAY + 9 * HOUR });
  const cancelled = makeLesson(db, { classId: klass.id, teacherId: o.teacherId, startsAt: T0 + 14 * DAY + 9 * HOUR });

  const ok = <T extends { status: number; body: unknown }>(res: T, what: string, status = 201): T => {
    assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const order = ok(await t.admin.post("/api/v1/orders", { studentId: student.id, items: [{ packageId: o.packageId }] }), "order");
  ok(await t.admin.post(`/api/v1/orders/${order.body.id}/payments`, { amountFen: order.body.payableFen, method: "cash", idempotencyKey: `pay-${student.id}-full` }), "payment");
  ok(await t.admin.post(`/api/v1/lessons/${lesson.id}/roll-call`, { entries: [{ studentId: student.id, status: "present" }] }), "roll call", 200);
  const leave = ok(await t.admin.post("/api/v1/leave-requests", { studentId: student.id, lessonIds: [nextLesson.id], kind: "sick", reason: "发烧" }), "leave");
  ok(await t.admin.post(`/api/v1/lessons/${cancelled.id}/cancel`, { reason: "台风停课" }), "cancel", 200);
  ok(await t.admin.post(`/api/v1/students/${student.id}/guardians/${guardian.id}/reveal-mobile`, {}), "reveal", 200);

  const accounts = ok(await t.admin.get(`/api/v1/students/${student.id}/hour-accounts`), "accounts", 200);
  const accountId: number = accounts.body.items[0].id;
  const ops = ok(await t.admin.get(`/api/v1/hour-accounts/${accountId}/ledger?limit=100`), "ledger", 200);
  const items = ops.body.items as { id: number; kind: string }[];
  const purchase = items.find((op) => op.kind !== "attendance");
  const attendanceOp = items.find((op) => op.kind === "attendance");
  assert.ok(purchase && attendanceOp, `ledger ops: ${JSON.stringify(ops.body.items)}`);
  return {
    campusId: o.campusId,
    studentId: student.id,
    studentName: student.name,
    guardianId: guardian.id,
    guardianMobile: o.mobile,
    classId: klass.id,
    lessonId: lesson.id,
    nextLessonId: nextLesson.id,
    cancelledLessonId: cancelled.id,
    orderId: order.body.id,
    accountId,
    ledgerOpId: purchase.id,
    attendanceLedgerOpId: attendanceOp.id,
    approvalId: leave.body.id,
    taskId: leave.body.steps[0].tasks[0].id,
    teacherId: o.teacherId,
  };
}

/** Builds both campuses on a fresh test app (ids differ between apps; names and mobiles are fixed). */
export async function twoCampuses(t: TestApp): Promise<TwoCampuses> {
  const db = t.database.db;
  const one = makeCampus(db, { name: "徐家汇校区" });
  const two = makeCampus(db, { name: "浦东校区" });
  const course = makeCourse(db, { hoursPerLesson: 200 });
  const pkg = makePackage(db, { courseId: course.id });
  const members = Object.fromEntries(
    ROLES_UNDER_TEST.map((role) => [role, makeStaff(db, { roles: [role], campusIds: [one.id], name: `本校区${role}` }).id]),
  ) as Record<Role, number>;
  const theirTeacher = makeStaff(db, { roles: ["teacher"], campusIds: [two.id] });
  const theirHead = makeStaff(db, { roles: ["head_teacher"], campusIds: [two.id] });
  const theirAdvisor = makeStaff(db, { roles: ["advisor"], campusIds: [two.id] });
  const mine = await campusLife(t, {
    courseId: course.id,
    packageId: pkg.id,
    campusId: one.id,
    name: "李明",
    mobile: "13912341234",
    teacherId: members.teacher,
    headTeacherId: members.head_teacher,
    advisorId: members.advisor,
  });
  const theirs = await campusLife(t, {
    courseId: course.id,
    packageId: pkg.id,
    campusId: two.id,
    name: "王小红",
    mobile: "18861232397",
    teacherId: theirTeacher.id,
    headTeacherId: theirHead.id,
    advisorId: theirAdvisor.id,
  });
  return { courseId: course.id, packageId: pkg.id, mine, theirs, members };
}
