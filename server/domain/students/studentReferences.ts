// The campus and staff a student record points to must exist (and the staff be active in the right
// role); a bad reference is a 400 naming the field, not a foreign-key crash.
import { and, eq } from "drizzle-orm";
import { campuses, staff, staffRoles, type Role } from "../../db/schema";
import { validationError, type FieldIssue } from "../../errors";
import type { Ctx } from "../context";

/** The references to check; undefined ones are not checked, null ones clear the field. */
export type StudentReferences = {
  campusId?: number;
  advisorId?: number | null;
  headTeacherId?: number | null;
};

function staffIssue(ctx: Ctx, path: string, staffId: number, role: Role, label: string): FieldIssue | undefined {
  const person = ctx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, staffId)).get();
  if (!person) return { path, message: `员工 ${staffId} 不存在` };
  if (person.status !== "active") return { path, message: `员工 ${staffId} 已离职` };
  const hasRole = ctx.db
    .select({ role: staffRoles.role })
    .from(staffRoles)
    .where(and(eq(staffRoles.staffId, staffId), eq(staffRoles.role, role)))
    .get();
  if (!hasRole) return { path, message: `员工 ${staffId} 不是${label}` };
  return undefined;
}

/** Throws 400 listing every reference that does not resolve. */
export function requireStudentReferences(ctx: Ctx, refs: StudentReferences): void {
  const issues: FieldIssue[] = [];
  if (refs.campusId !== undefined) {
    const campus = ctx.db.select({ id: campuses.id }).from(campuses).where(eq(campuses.id, refs.campusId)).get();
    if (!campus) issues.push({ path: "campusId", message: `校区 ${refs.campusId} 不存在` });
  }
  if (refs.advisorId !== undefined && refs.advisorId !== null) {
    const issue = staffIssue(ctx, "advisorId", refs.advisorId, "advisor", "课程顾问");
    if (issue) issues.push(issue);
  }
  if (refs.headTeacherId !== undefined && refs.headTeacherId !== null) {
    const issue = staffIssue(ctx, "headTeacherId", refs.headTeacherId, "head_teacher", "班主任");
    if (issue) issues.push(issue);
  }
  if (issues.length > 0) throw validationError(issues);
}
