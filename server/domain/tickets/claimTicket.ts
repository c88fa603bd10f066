// A team member takes a ticket from the queue (认领), from the mini-app or the queue card: the first
// claim wins, and every copy of the queue card then shows who took it (the approval any-one pattern);
// a later claim is refused with who has it. Whoever the queue card reached may claim — the campus's
// team for the type — as may anyone who sees the ticket and handles tickets.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { tickets, type TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { conflict, notFound, preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { rolesOf } from "../../../shared/permissions";
import { setAssignee } from "./assignTicket";
import { settleClaimCards, staffName } from "./ticketCards";
import { getTicketRow, getTicketType, isOpenStatus, teamRoleOf } from "./ticketRecords";
import { ticketScopeCondition } from "./ticketScope";
import { ticketIdSchema } from "./ticketSchemas";

export function claimTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketIdSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId } = parseInput(ticketIdSchema, input);
  const actor = ctx.actor;
  if (actor.kind !== "staff") throw preconditionFailed("只有员工本人可以认领工单");
  return inTransaction(ctx, (tx) => {
    const t = getTicketRow(tx, ticketId);
    const type = getTicketType(tx, t.typeId);
    const onTeam = rolesOf(actor).includes(teamRoleOf(type)) && actor.campusIds.includes(t.campusId);
    const scope = ticketScopeCondition(actor);
    const inScope = !scope || tx.db.select({ id: tickets.id }).from(tickets).where(and(eq(tickets.id, t.id), scope)).get() !== undefined;
    if (!onTeam && !inScope) throw notFound("工单");
    if (t.assigneeId === actor.staffId) return t;
    if (t.assigneeId !== null) throw conflict(`已由 ${staffName(tx, t.assigneeId) ?? "他人"} 认领`);
    if (!isOpenStatus(t.status)) throw preconditionFailed("工单已解决或关闭");
    const next = setAssignee(tx, t, actor.staffId, "认领");
    settleClaimCards(tx, next, type, "认领");
    return next;
  });
}
