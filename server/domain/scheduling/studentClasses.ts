// The classes a student is or was in (their enrolments), for the student's profile: active first, then
// the most recent. Whoever may see the student sees these classes' names and schedule, even a class
// outside their own class scope (an advisor sees where their student studies).
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { classes, enrollments, type Enrollment } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { selectClassViews, type ClassView } from "./classViews";
import { studentClassesSchema } from "./schedulingSchemas";

export type StudentClass = { enrollment: Enrollment; klass: ClassView };

export function studentClasses({ ctx, input }: { ctx: Ctx; input: z.input<typeof studentClassesSchema> }): StudentClass[] {
  requirePermission(ctx.actor, "students.read");
  const { studentId } = parseInput(studentClassesSchema, input);
  getStudentInScope(ctx, studentId);
  const rows = ctx.db.select().from(enrollments).where(eq(enrollments.studentId, studentId)).all();
  if (rows.length === 0) return [];
  const views = new Map(selectClassViews(ctx, inArray(classes.id, rows.map((r) => r.classId)), rows.length).map((v) => [v.id, v]));
  return rows
    .sort((a, b) => Number(b.status === "active") - Number(a.status === "active") || b.id - a.id)
    .flatMap((enrollment) => {
      const klass = views.get(enrollment.classId);
      return klass ? [{ enrollment, klass }] : [];
    });
}
