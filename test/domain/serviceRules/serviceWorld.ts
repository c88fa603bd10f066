// A campus for the service rules' tests: an advisor and a head teacher, a course of 2 课时 a lesson, a
// class, and a student enrolled in it who bought hours by a paid order. Lessons are added per test.
import { asc, eq } from "drizzle-orm";
import { enrollments, followupTasks, lessons, ruleFirings, todos } from "../../../server/db/schema";
import type { Ctx } from "../../../server/core/context";
import type { DbOrTx } from "../../../server/db/client";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { enroll, makeCampus, makeClass, makeCourse, makePackage, makeStaff, makeStudent } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 18:00 on T0's day (a Monday), when the class meets. */
export const MON_18 = T0 + 9 * HOUR;

let seq = 0;

export function serviceWorld(db: DbOrTx, ctx: Ctx, o: { hours?: number } = {}) {
  const n = ++seq;
  const campus = makeCampus(db);
  const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问丙" });
  const headTeacher = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id], name: "班主任丁" });
  const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "李老师" });
  const course = makeCourse(db, { name: `数学${n}`, hoursPerLesson: 200 });
  const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id, name: "数学提高班" });
  const student = makeStudent(db, { campusId: campus.id, name: "王小明", advisorId: advisor.id, headTeacherId: headTeacher.id });
  const enrolment = enroll(db, klass.id, student.id);
  // On the roster since January, so past lessons are theirs.
  db.update(enrollments).set({ fromDate: "2026-01-05" }).where(eq(enrollments.id, enrolment.id)).run();
  const pkg = makePackage(db, { courseId: course.id, hours: o.hours ?? 1000, giftHours: 0, priceFen: 100000 });
  /** A paid order of the package (credits its hours; closes an open renewal). */
  const buy = () => {
    const order = createOrder({ ctx, input: { studentId: student.id, items: [{ packageId: pkg.id }] } });
    recordPayment({ ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-${n}-${order.id}` } });
    return order;
  };
  /** Lessons of the class at these instants. */
  const lessonsAt = (starts: number[]) =>
    starts.map((startsAt) =>
      db.insert(lessons).values({ classId: klass.id, teacherId: teacher.id, startsAt, endsAt: startsAt + 2 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 }).returning().get(),
    );
  const tasks = () => db.select().from(followupTasks).where(eq(followupTasks.studentId, student.id)).orderBy(asc(followupTasks.id)).all();
  const firings = () => db.select().from(ruleFirings).where(eq(ruleFirings.studentId, student.id)).all();
  const todosOf = (taskId: number) => db.select().from(todos).where(eq(todos.refId, String(taskId))).all().filter((t) => t.refType === "followup_task");
  return { campus, advisor, headTeacher, teacher, course, klass, student, pkg, buy, lessonsAt, tasks, firings, todosOf };
}
