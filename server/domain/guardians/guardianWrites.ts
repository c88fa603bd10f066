// What every guardian write shares: the student it is about (permission, scope, campus), and keeping
// one primary guardian per student.
import { and, eq, ne } from "drizzle-orm";
import { studentGuardians } from "../../db/schema";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";

/** Clears the primary flag of the student's other guardians (call inside a transaction). */
export function unsetOtherPrimaries(ctx: Ctx, studentId: number, keepGuardianId: number): void {
  ctx.db
    .update(studentGuardians)
    .set({ isPrimary: false })
    .where(and(eq(studentGuardians.studentId, studentId), ne(studentGuardians.guardianId, keepGuardianId)))
    .run();
}

/** Loads the student for a guardian write: permission, scope (404) and campus (403). */
export function studentForWrite(ctx: Ctx, studentId: number) {
  requirePermission(ctx.actor, "students.write");
  const student = getStudentInScope(ctx, studentId);
  requireCampus(ctx.actor, student.campusId);
  return student;
}
