// Reading staff: one member, or a filtered page newest first. Anyone with staff.read.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import { staff, staffCampuses, staffRoles } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { prefixRange } from "../students/prefixRange";
import { parseInput } from "../../core/input";
import { toPage, type Page } from "../../core/page";
import { withAssignments, type StaffMember } from "./staffMember";
import { staffListSchema } from "./staffSchemas";

/** Staff newest first, filtered by role, campus, status and name prefix (an index range). */
export function listStaff({ ctx, input }: { ctx: Ctx; input: z.input<typeof staffListSchema> }): Page<StaffMember> {
  requirePermission(ctx.actor, "staff.read");
  const f = parseInput(staffListSchema, input);
  const rows = ctx.db
    .select()
    .from(staff)
    .where(
      and(
        f.cursor === undefined ? undefined : lt(staff.id, f.cursor),
        f.status === undefined ? undefined : eq(staff.status, f.status),
        f.q ? prefixRange(staff.name, f.q) : undefined,
        f.role === undefined
          ? undefined
          : sql`${staff.id} IN (SELECT ${staffRoles.staffId} FROM ${staffRoles} WHERE ${staffRoles.role} = ${f.role})`,
        f.campusId === undefined
          ? undefined
          : sql`${staff.id} IN (SELECT ${staffCampuses.staffId} FROM ${staffCampuses} WHERE ${staffCampuses.campusId} = ${f.campusId})`,
      ),
    )
    .orderBy(desc(staff.id))
    .limit(f.limit + 1)
    .all();
  const page = toPage(rows, f.limit);
  return { items: withAssignments(ctx, page.items), nextCursor: page.nextCursor };
}
