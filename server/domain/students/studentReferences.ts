// The campus and staff a student record points to must exist (and the staff be active in the right
// role); a bad reference is a 400 naming the field, not a foreign-key crash.
import { eq } from "drizzle-orm";
import { campuses } from "../../db/schema";
import { validationError, type FieldIssue } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { staffRoleIssue } from "../staff/staffRoleIssue";

/** The references to check; undefined ones are not checked, null ones clear the field. */
export type StudentReferences = {
  campusId?: number;
  advisorId?: number | null;
  headTeacherId?: number | null;
};


/** Throws 400 listing every reference that does not resolve. */
export function requireStudentReferences(ctx: Ctx, refs: StudentReferences): void {
  const issues: FieldIssue[] = [];
  if (refs.campusId !== undefined) {
    const campus = ctx.db.select({ id: campuses.id }).from(campuses).where(eq(campuses.id, refs.campusId)).get();
    if (!campus) issues.push({ path: "campusId", message: `校区 ${refs.campusId} 不存在` });
  }
  if (refs.advisorId !== undefined && refs.advisorId !== null) {
    const issue = staffRoleIssue(ctx, "advisorId", refs.advisorId, "advisor");
    if (issue) issues.push(issue);
  }
  if (refs.headTeacherId !== undefined && refs.headTeacherId !== null) {
    const issue = staffRoleIssue(ctx, "headTeacherId", refs.headTeacherId, "head_teacher");
    if (issue) issues.push(issue);
  }
  if (issues.length > 0) throw validationError(issues);
}
