// Enrolments (报名/分班): putting a student in a class, changing the enrolment's status, listing a
// class's students. Seats are counted from ACTIVE enrolments inside the writing transaction, so a full
// class answers 409 "班级已满" however the requests interleave.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { businessDate } from "../../core/clock";
import { enrollments } from "../../db/schema";
import { conflict, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassToChange, requireOpenClass } from "./classScope";
import { enrollStudentSchema } from "./schedulingSchemas";
import { type EnrollmentView, STATUS_LABELS, loadEnrollmentView, requireFreeSeat } from "./enrollmentViews";

/** Puts a student (in the actor's student scope) in a class with a free seat; once per class. */
export function enrollStudent({ ctx, input }: { ctx: Ctx; input: z.input<typeof enrollStudentSchema> }): EnrollmentView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(enrollStudentSchema, input);
  const { classId } = data;
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
