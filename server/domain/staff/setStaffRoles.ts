// Replaces a staff member's roles and campuses. Roles decide what a person may do and see, so every
// change is audited (`staff.roles.update`, with before and after) in the same transaction.
import type { z } from "zod";
import { staff } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { replaceAssignments, requireCampusesExist } from "./staffAssignments";
import { loadStaffMember, type StaffMember } from "./staffMember";
import { setStaffRolesSchema } from "./staffSchemas";

/** Replaces roles and campuses; an admin cannot drop their own admin role (someone must remain). */
export function setStaffRoles({ ctx, input }: { ctx: Ctx; input: z.input<typeof setStaffRolesSchema> }): StaffMember {
  requirePermission(ctx.actor, "staff.write");
  const { id, roles, campusIds, version } = parseInput(setStaffRolesSchema, input);
  if (ctx.actor.kind === "staff" && ctx.actor.staffId === id && !roles.includes("admin")) {
    throw preconditionFailed("不能取消自己的管理员角色，请由其他管理员操作");
  }
  requireCampusesExist(ctx, campusIds);
  return inTransaction(ctx, (tx) => {
    const before = loadStaffMember(tx, id);
    versionedUpdate(tx.db, staff, id, version, { updatedAt: tx.clock.now() }, "员工");
    replaceAssignments(tx, id, roles, campusIds);
    recordAudit(tx, {
      action: "staff.roles.update",
      entityType: "staff",
      entityId: id,
      details: {
        before: { roles: before.roles, campusIds: before.campusIds },
        after: { roles: [...roles].sort(), campusIds: [...campusIds].sort((a, b) => a - b) },
      },
    });
    return loadStaffMember(tx, id);
  });
}
