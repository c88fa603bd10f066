// Who a ticket can be handed to (转派): the active staff of the ticket's campus, with their roles, the
// type's team first. Asked by whoever handles the ticket — customer service has no staff.read, and
// needs only these names, not the staff directory.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { staff, staffCampuses, staffRoles, type Role } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { getTicketType, teamRoleOf } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { ticketIdSchema } from "./ticketSchemas";

export type TicketAssignee = { id: number; name: string; roles: Role[]; onTeam: boolean };

export function listTicketAssignees({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketIdSchema> }): TicketAssignee[] {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId } = parseInput(ticketIdSchema, input);
  const t = getTicketInScope(ctx, ticketId);
  const team = teamRoleOf(getTicketType(ctx, t.typeId));
  const people = ctx.db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .innerJoin(staffCampuses, eq(staffCampuses.staffId, staff.id))
    .where(and(eq(staffCampuses.campusId, t.campusId), eq(staff.status, "active")))
    .orderBy(asc(staff.id))
    .all();
  const roles = new Map<number, Role[]>();
  if (people.length > 0) {
    const rows = ctx.db
      .select({ staffId: staffRoles.staffId, role: staffRoles.role })
      .from(staffRoles)
      .where(inArray(staffRoles.staffId, people.map((p) => p.id)))
      .all();
    for (const r of rows) roles.set(r.staffId, [...(roles.get(r.staffId) ?? []), r.role]);
  }
  const all = people.map((p) => {
    const own = roles.get(p.id) ?? [];
    return { id: p.id, name: p.name, roles: own, onTeam: own.includes(team) };
  });
  return [...all.filter((p) => p.onTeam), ...all.filter((p) => !p.onTeam)];
}
