// The family wrote again (a call, a chat message, a note through the parent page), logged by staff: it
// starts the next-response clock (the oldest unanswered message sets the deadline; first response
// covers messages before the first reply), brings a 待回复 ticket back to 处理中 with its clocks
// running, and reopens a resolved or closed one.
import type { z } from "zod";
import type { TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { clocksOf, isRunning, refreshTicketSla, startClock } from "../sla/ticketClocks";
import { addTicketEvent, getTicketRow } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { ticketTextSchema } from "./ticketSchemas";
import { moveOpenTicket, reopenTicket } from "./ticketTransitions";

export function logCustomerMessage({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketTextSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, body } = parseInput(ticketTextSchema, input);
  return inTransaction(ctx, (tx) => {
    let t = getTicketInScope(tx, ticketId);
    addTicketEvent(tx, { ticketId: t.id, kind: "customer", body });
    if (t.status === "resolved" || t.status === "closed") t = reopenTicket(tx, t, "家长再次来信");
    else if (t.status === "waiting") t = moveOpenTicket(tx, t, "in_progress", "家长已回复");
    const awaiting = clocksOf(tx, t.id).some((c) => c.target === "next_response" && isRunning(c));
    if (t.firstResponseAt !== null && !awaiting) startClock(tx, t, "next_response", tx.clock.now());
    refreshTicketSla(tx, t.id);
    return getTicketRow(tx, t.id);
  });
}
