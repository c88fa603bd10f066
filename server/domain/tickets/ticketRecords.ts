// Reading and writing a ticket's own rows: the type, the ticket, its timeline. Every verb of the area
// goes through these, so a timeline row always says who acted and when.
import { eq } from "drizzle-orm";
import { ticketEvents, tickets, ticketTypes, type Role, type TicketEventKind, type TicketRow, type TicketStatus, type TicketTypeRow } from "../../db/schema";
import { actorColumns, type Ctx } from "../../core/context";
import { notFound } from "../../core/errors";
import type { TicketFieldDef } from "../../../shared/tickets";
import { ensureShippedTicketTypes } from "./shippedTicketTypes";

export function getTicketType(ctx: Ctx, id: number): TicketTypeRow {
  ensureShippedTicketTypes(ctx);
  const row = ctx.db.select().from(ticketTypes).where(eq(ticketTypes.id, id)).get();
  if (!row) throw notFound("工单类型");
  return row;
}

/** A type's fields as stored (validated when saved). */
export const fieldDefsOf = (type: TicketTypeRow): TicketFieldDef[] => type.fields as TicketFieldDef[];

/** The ticket row, scope not checked (verbs check it with getTicketInScope). */
export function getTicketRow(ctx: Ctx, id: number): TicketRow {
  const row = ctx.db.select().from(tickets).where(eq(tickets.id, id)).get();
  if (!row) throw notFound("工单");
  return row;
}

export type TicketEventInput = {
  ticketId: number;
  kind: TicketEventKind;
  body?: string;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  assigneeId?: number | null;
};

/** Appends one row to the ticket's timeline, as the acting person (or the system). */
export function addTicketEvent(ctx: Ctx, e: TicketEventInput): void {
  ctx.db
    .insert(ticketEvents)
    .values({ ...e, body: e.body ?? "", ...actorColumns(ctx.actor), at: ctx.clock.now() })
    .run();
}

/** The statuses in which the ticket still needs work (its clocks may run). */
export const OPEN_STATUSES: readonly TicketStatus[] = ["new", "in_progress", "waiting"];
export const isOpenStatus = (s: TicketStatus) => OPEN_STATUSES.includes(s);

/** The type's team role (validated against ROLES when the type was saved). */
export const teamRoleOf = (type: TicketTypeRow): Role => type.teamRole as Role;
