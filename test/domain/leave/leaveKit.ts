// A campus for the leave tests: a course (leave policy and limit as asked), a class with a teacher,
// academic affairs, a front-desk requester, a student with hours, and lessons from 3月9日 (Monday) on.
import { and, eq } from "drizzle-orm";
import { approvalTasks, ledgerOps, lessons, terms, todos } from "../../../server/db/schema";
import { balanceOf } from "../../../server/domain/attendance/recordAttendance";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import "../../../server/domain/leave/leaveRequestType";
import { decideTask } from "../../../server/domain/workflow/decideTask";
import { enroll, makeCampus, makeClass, makeCourse, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-03-09 18:00 in Asia/Shanghai (T0 is 2026-03-02 09:00 there). */
export const MON_18 = T0 + 7 * DAY + 9 * HOUR;

export function leaveKit(course: { leavePolicy?: "deduct" | "no_deduct"; leaveLimitPerTerm?: number | null } = {}) {
  const t = testDb();
  const campus = makeCampus(t.db);
  const c = makeCourse(t.db, { hoursPerLesson: 200, ...course });
  const teacher = makeStaff(t.db, { roles: ["teacher"], campusIds: [campus.id] });
  const otherTeacher = makeStaff(t.db, { roles: ["teacher"], campusIds: [campus.id] });
  const academic = makeStaff(t.db, { roles: ["academic"], campusIds: [campus.id] });
  const desk = makeStaff(t.db, { roles: ["service"], campusIds: [campus.id] });
  const klass = makeClass(t.db, { courseId: c.id, campusId: campus.id, teacherId: teacher.id });
  const otherClass = makeClass(t.db, { courseId: c.id, campusId: campus.id, teacherId: otherTeacher.id });
  const student = makeStudent(t.db, { campusId: campus.id, name: "王小明" });
  enroll(t.db, klass.id, student.id);
  const lesson = (classId: number, teacherId: number, startsAt: number) =>
    t.db.insert(lessons).values({ classId, teacherId, startsAt, endsAt: startsAt + 2 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 }).returning().get();
  const weekly = [0, 1, 2, 3, 4].map((w) => lesson(klass.id, teacher.id, MON_18 + w * 7 * DAY));
  const otherLesson = lesson(otherClass.id, otherTeacher.id, MON_18 + 2 * DAY);
  creditGift(t.ctx, { studentId: student.id, courseId: c.id, hours: 2000, key: "gift", reason: "赠", refType: "manual", expiresAt: null });
  const as = {
    teacher: t.as(staffActor(teacher, ["teacher"], [campus.id])),
    otherTeacher: t.as(staffActor(otherTeacher, ["teacher"], [campus.id])),
    academic: t.as(staffActor(academic, ["academic"], [campus.id])),
    desk: t.as(staffActor(desk, ["service"], [campus.id])),
  };
  const balance = () => balanceOf(t.ctx, student.id, c.id);
  const deductions = () => t.db.select().from(ledgerOps).where(eq(ledgerOps.refType, "attendance")).all();
  const pendingTask = (instanceId: number) =>
    t.db.select().from(approvalTasks).where(and(eq(approvalTasks.instanceId, instanceId), eq(approvalTasks.status, "pending"))).get();
  /** The lesson teacher approves the instance's pending task. */
  const approve = (instanceId: number) => {
    const task = pendingTask(instanceId);
    if (!task) throw new Error(`no pending task for ${instanceId}`);
    return decideTask({ ctx: as.teacher, input: { taskId: task.id, decision: "approve", via: "app" } });
  };
  const makeupTodos = (instanceId: number) => t.db.select().from(todos).where(and(eq(todos.refType, "leave_makeup"), eq(todos.refId, String(instanceId)))).all();
  const addTerm = (name: string, startDate: string, endDate: string) =>
    t.db.insert(terms).values({ name, startDate, endDate, createdAt: T0, updatedAt: T0 }).returning().get();
  return { ...t, campus, c, teacher, otherTeacher, academic, desk, klass, otherClass, student, weekly, otherLesson, as, balance, deductions, approve, pendingTask, makeupTodos, addTerm, lesson };
}
