// Adds a staff member with roles, campuses and platform identities. Admins only (staff.write).
import type { z } from "zod";
import { staff } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { replaceAssignments, requireCampusesExist } from "./staffAssignments";
import { requireIdentitiesFree, STAFF_IDENTITY_TAKEN } from "./staffIdentities";
import { loadStaffMember, type StaffMember } from "./staffMember";
import { staffCreateSchema } from "./staffSchemas";

/** Creates the person and their roles and campuses in one transaction; taken identities are 409. */
export function createStaff({ ctx, input }: { ctx: Ctx; input: z.input<typeof staffCreateSchema> }): StaffMember {
  requirePermission(ctx.actor, "staff.write");
  const { roles, campusIds, ...data } = parseInput(staffCreateSchema, input);
  requireCampusesExist(ctx, campusIds);
  return inTransaction(ctx, (tx) => {
    requireIdentitiesFree(tx, data);
    const now = tx.clock.now();
    const row = withUniqueConflict(
      () => tx.db.insert(staff).values({ ...data, createdAt: now, updatedAt: now }).returning().get(),
      STAFF_IDENTITY_TAKEN,
    );
    replaceAssignments(tx, row.id, roles, campusIds);
    return loadStaffMember(tx, row.id);
  });
}
