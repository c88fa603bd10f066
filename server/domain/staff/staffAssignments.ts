// Roles and campuses of a staff member are rows in two link tables, replaced as a whole.
import { eq, inArray } from "drizzle-orm";
import { campuses, staffCampuses, staffRoles, type Role } from "../../db/schema";
import { validationError } from "../../core/errors";
import type { Ctx } from "../../core/context";

/** 400 naming `campusIds.N` for each campus that does not exist. */
export function requireCampusesExist(ctx: Ctx, campusIds: number[]): void {
  if (campusIds.length === 0) return;
  const found = new Set(
    ctx.db
      .select({ id: campuses.id })
      .from(campuses)
      .where(inArray(campuses.id, campusIds))
      .all()
      .map((c) => c.id),
  );
  const issues = campusIds.flatMap((id, index) =>
    found.has(id) ? [] : [{ path: `campusIds.${index}`, message: `校区 ${id} 不存在` }],
  );
  if (issues.length > 0) throw validationError(issues);
}

/** Replaces the staff member's roles and campuses (call inside a transaction). */
export function replaceAssignments(ctx: Ctx, staffId: number, roles: Role[], campusIds: number[]): void {
  ctx.db.delete(staffRoles).where(eq(staffRoles.staffId, staffId)).run();
  ctx.db.delete(staffCampuses).where(eq(staffCampuses.staffId, staffId)).run();
  if (roles.length > 0) ctx.db.insert(staffRoles).values(roles.map((role) => ({ staffId, role }))).run();
  if (campusIds.length > 0) {
    ctx.db.insert(staffCampuses).values(campusIds.map((campusId) => ({ staffId, campusId }))).run();
  }
}
