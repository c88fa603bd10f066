// A reply to the family (on any channel, logged by the staff member who made it): the response that
// meets the first-response clock and the next-response clock of the family's latest message. A new
// ticket is 处理中 from its first reply. Internal notes are addTicketNote.ts and meet nothing.
import type { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { tickets, type TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { meetClocks, refreshTicketSla } from "../sla/ticketClocks";
import { addTicketEvent, getTicketRow } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { ticketTextSchema } from "./ticketSchemas";
import { moveOpenTicket } from "./ticketTransitions";

export function replyToTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketTextSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, body } = parseInput(ticketTextSchema, input);
  return inTransaction(ctx, (tx) => {
    let t = getTicketInScope(tx, ticketId);
    if (t.status === "closed") throw preconditionFailed("工单已关闭，请先重新打开");
    const now = tx.clock.now();
    addTicketEvent(tx, { ticketId: t.id, kind: "reply", body });
    meetClocks(tx, t.id, ["first_response", "next_response"], now);
    tx.db
      .update(tickets)
      .set({ firstResponseAt: t.firstResponseAt ?? now, updatedAt: now, version: sql`${tickets.version} + 1` })
      .where(eq(tickets.id, t.id))
      .run();
    t = getTicketRow(tx, t.id);
    if (t.status === "new") return moveOpenTicket(tx, t, "in_progress");
    refreshTicketSla(tx, t.id);
    return getTicketRow(tx, t.id);
  });
}
