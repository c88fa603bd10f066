// Enrolments (报名/分班): putting a student in a class, changing the enrolment's status, listing a
// class's students. Seats are counted from ACTIVE enrolments inside the writing transaction, so a full
// class answers 409 "班级已满" however the requests interleave.
import { and, asc, eq, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { businessDate } from "../../core/clock";
import { enrollments, students, type Class, type Enrollment } from "../../db/schema";
import { conflict, notFound, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassInScope, getClassToChange, requireOpenClass } from "./classScope";
import { countActiveEnrollments } from "./enrollmentQueries";
import { enrollmentCreateSchema, enrollmentListSchema, enrollmentUpdateSchema } from "./schedulingSchemas";

/** An enrolment with its student's name. */
export type EnrollmentView = Enrollment & { studentName: string };

const STATUS_LABELS: Record<Enrollment["status"], string> = {
  active: "在读",
  suspended: "停课",
  transferred: "已转班",
  finished: "已结课",
};

function loadEnrollmentViews(ctx: Ctx, classId: number, where?: SQL): EnrollmentView[] {
  return ctx.db
    .select({ enrollment: enrollments, studentName: students.name })
    .from(enrollments)
    .innerJoin(students, eq(students.id, enrollments.studentId))
    .where(and(eq(enrollments.classId, classId), where))
    .orderBy(asc(enrollments.id))
    .all()
    .map((r) => ({ ...r.enrollment, studentName: r.studentName }));
}

function loadEnrollmentView(ctx: Ctx, classId: number, studentId: number): EnrollmentView {
  const [view] = loadEnrollmentViews(ctx, classId, eq(enrollments.studentId, studentId));
  if (!view) throw notFound("报名记录");
  return view;
}

/** Throws 409 when the class has no free seat (not counting `exceptStudentId`). */
function requireFreeSeat(ctx: Ctx, cls: Class, exceptStudentId?: number): void {
  const taken = countActiveEnrollments(ctx.db, cls.id, exceptStudentId);
  if (taken >= cls.capacity) throw conflict("班级已满", { capacity: cls.capacity, activeEnrollments: taken });
}

/** Puts a student (in the actor's student scope) in a class with a free seat; once per class. */
export function enrollStudent({ ctx, classId, input }: { ctx: Ctx; classId: number; input: z.input<typeof enrollmentCreateSchema> }): EnrollmentView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(enrollmentCreateSchema, input);
  const cls = getClassToChange(ctx, classId);
  getStudentInScope(ctx, data.studentId);
  const fromDate = data.fromDate ?? businessDate(ctx.clock.now(), ctx.tz);
  if (fromDate > cls.endDate) throw validationError([{ path: "fromDate", message: `开始日期不能晚于班级结束日期 ${cls.endDate}` }]);
  requireOpenClass(cls);
  return inTransaction(ctx, (tx) => {
    const existing = tx.db
      .select({ status: enrollments.status })
      .from(enrollments)
      .where(and(eq(enrollments.classId, classId), eq(enrollments.studentId, data.studentId)))
      .get();
    if (existing) {
      throw conflict(`该学员已在此班级中（${STATUS_LABELS[existing.status]}）`, { enrollmentStatus: existing.status });
    }
    requireFreeSeat(tx, cls);
    const now = tx.clock.now();
    tx.db.insert(enrollments).values({ classId, studentId: data.studentId, fromDate, createdAt: now, updatedAt: now }).run();
    return loadEnrollmentView(tx, classId, data.studentId);
  });
}

/** Changes an enrolment's status (and its start date); becoming active again needs a free seat. */
export function updateEnrollment({
  ctx,
  classId,
  studentId,
  input,
}: {
  ctx: Ctx;
  classId: number;
  studentId: number;
  input: z.input<typeof enrollmentUpdateSchema>;
}): EnrollmentView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(enrollmentUpdateSchema, input);
  const cls = getClassToChange(ctx, classId);
  return inTransaction(ctx, (tx) => {
    const current = loadEnrollmentView(tx, classId, studentId);
    if (data.status === "active" && current.status !== "active") {
      requireOpenClass(cls);
      requireFreeSeat(tx, cls, studentId);
    }
    tx.db
      .update(enrollments)
      .set({ status: data.status, ...(data.fromDate === undefined ? {} : { fromDate: data.fromDate }), updatedAt: tx.clock.now() })
      .where(eq(enrollments.id, current.id))
      .run();
    return loadEnrollmentView(tx, classId, studentId);
  });
}

/** The enrolments of a class in the actor's scope, oldest first, with student names. */
export function listEnrollments({ ctx, classId, input }: { ctx: Ctx; classId: number; input: z.input<typeof enrollmentListSchema> }): EnrollmentView[] {
  const f = parseInput(enrollmentListSchema, input);
  getClassInScope(ctx, classId);
  return loadEnrollmentViews(ctx, classId, f.status === undefined ? undefined : eq(enrollments.status, f.status));
}
