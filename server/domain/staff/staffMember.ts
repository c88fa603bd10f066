// A staff row with its roles and campuses: what every staff verb returns and the presenter shows.
import { asc, eq, inArray } from "drizzle-orm";
import { staff, staffCampuses, staffRoles, type Role, type Staff } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";

export type StaffMember = Staff & { roles: Role[]; campusIds: number[] };

/** Adds roles and campuses to staff rows with two queries, whatever the number of rows. */
export function withAssignments(ctx: Ctx, rows: Staff[]): StaffMember[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roles = ctx.db
    .select()
    .from(staffRoles)
    .where(inArray(staffRoles.staffId, ids))
    .orderBy(asc(staffRoles.role))
    .all();
  const campuses = ctx.db
    .select()
    .from(staffCampuses)
    .where(inArray(staffCampuses.staffId, ids))
    .orderBy(asc(staffCampuses.campusId))
    .all();
  return rows.map((row) => ({
    ...row,
    roles: roles.filter((r) => r.staffId === row.id).map((r) => r.role),
    campusIds: campuses.filter((c) => c.staffId === row.id).map((c) => c.campusId),
  }));
}

/** The staff row or 404, without a permission check (callers check theirs). */
export function loadStaffRow(ctx: Ctx, id: number): Staff {
  const row = ctx.db.select().from(staff).where(eq(staff.id, id)).get();
  if (!row) throw notFound("员工");
  return row;
}

/** One staff member with roles and campuses, or 404. */
export function loadStaffMember(ctx: Ctx, id: number): StaffMember {
  const [member] = withAssignments(ctx, [loadStaffRow(ctx, id)]);
  if (!member) throw notFound("员工");
  return member;
}
