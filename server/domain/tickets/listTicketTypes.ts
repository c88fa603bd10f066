// The ticket types, shipped ones first, for the new-ticket form and the admin's list (active only
// unless asked for all).
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { ticketTypes, type TicketTypeRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { ensureShippedTicketTypes } from "./shippedTicketTypes";

export const ticketTypeListSchema = z.object({ all: z.enum(["0", "1"]).optional() });

export function listTicketTypes({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketTypeListSchema> }): TicketTypeRow[] {
  const { all } = parseInput(ticketTypeListSchema, input);
  ensureShippedTicketTypes(ctx);
  return ctx.db
    .select()
    .from(ticketTypes)
    .where(all === "1" ? undefined : eq(ticketTypes.active, true))
    .orderBy(asc(ticketTypes.sortOrder), asc(ticketTypes.id))
    .all();
}
