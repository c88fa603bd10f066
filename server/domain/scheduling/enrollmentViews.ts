// A class's enrolments as the verbs read them (with the student's name), their status words, and the
// seat check every enrolling write makes inside its transaction (a full class answers 409 "班级已满").
import { and, asc, eq, type SQL } from "drizzle-orm";
import { enrollments, students, type Class, type Enrollment } from "../../db/schema";
import { conflict, notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { countActiveEnrollments } from "./enrollmentQueries";

/** An enrolment with its student's name. */
export type EnrollmentView = Enrollment & { studentName: string };

export const STATUS_LABELS: Record<Enrollment["status"], string> = {
  active: "在读",
  suspended: "停课",
  transferred: "已转班",
  finished: "已结课",
};

export function loadEnrollmentViews(ctx: Ctx, classId: number, where?: SQL): EnrollmentView[] {
  return ctx.db
    .select({ enrollment: enrollments, studentName: students.name })
    .from(enrollments)
    .innerJoin(students, eq(students.id, enrollments.studentId))
    .where(and(eq(enrollments.classId, classId), where))
    .orderBy(asc(enrollments.id))
    .all()
    .map((r) => ({ ...r.enrollment, studentName: r.studentName }));
}

export function loadEnrollmentView(ctx: Ctx, classId: number, studentId: number): EnrollmentView {
  const [view] = loadEnrollmentViews(ctx, classId, eq(enrollments.studentId, studentId));
  if (!view) throw notFound("报名记录");
  return view;
}

/** Throws 409 when the class has no free seat (not counting `exceptStudentId`). */
export function requireFreeSeat(ctx: Ctx, cls: Class, exceptStudentId?: number): void {
  const taken = countActiveEnrollments(ctx.db, cls.id, exceptStudentId);
  if (taken >= cls.capacity) throw conflict("班级已满", { capacity: cls.capacity, activeEnrollments: taken });
}
