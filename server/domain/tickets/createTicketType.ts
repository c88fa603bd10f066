// An admin adds a ticket type with its own fields, owner role, team role and lead.
import type { z } from "zod";
import { staff, ticketTypes, type TicketTypeRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { validationError } from "../../core/errors";
import { eq } from "drizzle-orm";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { withUniqueConflict } from "../uniqueConflict";
import { ensureShippedTicketTypes } from "./shippedTicketTypes";
import { ticketTypeCreateSchema } from "./ticketTypeSchemas";

/** 400 when the named lead is not a staff member. */
export function requireLeadExists(ctx: Ctx, leadStaffId: number | null | undefined): void {
  if (leadStaffId === null || leadStaffId === undefined) return;
  if (!ctx.db.select({ id: staff.id }).from(staff).where(eq(staff.id, leadStaffId)).get()) throw validationError([{ path: "leadStaffId", message: "组长不存在" }]);
}

export function createTicketType({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketTypeCreateSchema> }): TicketTypeRow {
  requirePermission(ctx.actor, "tickets.manage");
  const data = parseInput(ticketTypeCreateSchema, input);
  ensureShippedTicketTypes(ctx);
  return inTransaction(ctx, (tx) => {
    requireLeadExists(tx, data.leadStaffId);
    const now = tx.clock.now();
    const row = withUniqueConflict(() => tx.db.insert(ticketTypes).values({ ...data, createdAt: now, updatedAt: now }).returning().get(), `已有名为“${data.name}”的工单类型`);
    recordAudit(tx, { action: "ticket_type.created", entityType: "ticket_type", entityId: row.id, details: { name: row.name } });
    return row;
  });
}
