// Whether a staff reference (a student's advisor, a class's teacher…) resolves: the person exists, has
// not left, and holds the role. Returns the field issue for a 400, or undefined.
import { and, eq } from "drizzle-orm";
import { staff, staffRoles, type Role } from "../../db/schema";
import type { FieldIssue } from "../../core/errors";
import { ROLE_LABELS } from "../../../shared/roles";
import type { Ctx } from "../../core/context";

export function staffRoleIssue(ctx: Ctx, path: string, staffId: number, role: Role): FieldIssue | undefined {
  const person = ctx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, staffId)).get();
  if (!person) return { path, message: `员工 ${staffId} 不存在` };
  if (person.status !== "active") return { path, message: `员工 ${staffId} 已离职` };
  const hasRole = ctx.db
    .select({ role: staffRoles.role })
    .from(staffRoles)
    .where(and(eq(staffRoles.staffId, staffId), eq(staffRoles.role, role)))
    .get();
  if (!hasRole) return { path, message: `员工 ${staffId} 不是${ROLE_LABELS[role]}` };
  return undefined;
}
