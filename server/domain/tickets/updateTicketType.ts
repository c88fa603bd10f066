// An admin changes a ticket type (name, fields, roles, lead, on/off). Tickets already open keep the
// values they have; the new fields apply when a ticket's fields are next changed.
import type { z } from "zod";
import { ticketTypes, type TicketTypeRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { withUniqueConflict } from "../uniqueConflict";
import { versionedUpdate } from "../versionedUpdate";
import { requireLeadExists } from "./createTicketType";
import { getTicketType } from "./ticketRecords";
import { ticketTypeUpdateSchema } from "./ticketTypeSchemas";

export function updateTicketType({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketTypeUpdateSchema> }): TicketTypeRow {
  requirePermission(ctx.actor, "tickets.manage");
  const { id, version, ...changes } = parseInput(ticketTypeUpdateSchema, input);
  return inTransaction(ctx, (tx) => {
    getTicketType(tx, id);
    requireLeadExists(tx, changes.leadStaffId);
    withUniqueConflict(() => versionedUpdate(tx.db, ticketTypes, id, version, { ...changes, updatedAt: tx.clock.now() }, "工单类型"), `已有名为“${changes.name ?? ""}”的工单类型`);
    recordAudit(tx, { action: "ticket_type.updated", entityType: "ticket_type", entityId: id, details: { changes: Object.keys(changes) } });
    return getTicketType(tx, id);
  });
}
