// An internal note on a ticket: for colleagues only, it is not a response to the family and meets no
// SLA target (Zammad #1620).
import type { z } from "zod";
import type { TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { addTicketEvent } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { ticketTextSchema } from "./ticketSchemas";

export function addTicketNote({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketTextSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, body } = parseInput(ticketTextSchema, input);
  return inTransaction(ctx, (tx) => {
    const t = getTicketInScope(tx, ticketId);
    addTicketEvent(tx, { ticketId: t.id, kind: "note", body });
    return t;
  });
}
