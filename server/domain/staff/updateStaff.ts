// Changes a staff member's name, mobile or platform identities (optimistic version). Admins only.
import type { z } from "zod";
import { staff } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { requireIdentitiesFree, STAFF_IDENTITY_TAKEN } from "./staffIdentities";
import { loadStaffMember, loadStaffRow, type StaffMember } from "./staffMember";
import { updateStaffSchema } from "./staffSchemas";

/** Changes profile fields; roles and departure have their own audited verbs. */
export function updateStaff({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateStaffSchema> }): StaffMember {
  requirePermission(ctx.actor, "staff.write");
  const { id, version, ...data } = parseInput(updateStaffSchema, input);
  return inTransaction(ctx, (tx) => {
    loadStaffRow(tx, id);
    requireIdentitiesFree(tx, data, id);
    withUniqueConflict(
      () => versionedUpdate(tx.db, staff, id, version, { ...data, updatedAt: tx.clock.now() }, "员工"),
      STAFF_IDENTITY_TAKEN,
    );
    return loadStaffMember(tx, id);
  });
}
