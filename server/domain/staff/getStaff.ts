// Reading staff: one member, or a filtered page newest first. Anyone with staff.read.
import type { z } from "zod";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadStaffMember, type StaffMember } from "./staffMember";
import { getStaffSchema } from "./staffSchemas";

/** One staff member with roles and campuses. */
export function getStaff({ ctx, input }: { ctx: Ctx; input: z.input<typeof getStaffSchema> }): StaffMember {
  requirePermission(ctx.actor, "staff.read");
  const { id } = parseInput(getStaffSchema, input);
  return loadStaffMember(ctx, id);
}
