// The ticket lists of the mini-app (工单): mine (assigned to me), my team's (the types whose team I am on,
// in my campuses) or all I may see; filtered by status (or every open one), type, priority, campus,
// student and SLA (breached: a due time passed; near: past a warning, not yet due). Newest first, by
// cursor. Each row carries its SLA badge, computed in the same query.
import { and, desc, eq, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { staff, students, tickets, ticketSlaClocks, ticketTypes, type TicketRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, toPage, type Page } from "../../core/page";
import { rolesOf } from "../../../shared/permissions";
import { TICKET_PRIORITIES, TICKET_STATUSES, type SlaState } from "../../../shared/tickets";
import { ticketScopeCondition } from "./ticketScope";
import { OPEN_STATUSES } from "./ticketRecords";

export const ticketListSchema = pageSchema.extend({
  view: z.enum(["mine", "team", "all"]).default("all"),
  status: z.enum([...TICKET_STATUSES, "open"]).optional(),
  typeId: idSchema.optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  campusId: idSchema.optional(),
  studentId: idSchema.optional(),
  sla: z.enum(["breached", "near"]).optional(),
});

export type TicketListItem = TicketRow & { typeName: string; studentName: string | null; assigneeName: string | null; slaState: SlaState };

/** A running clock of the ticket past its warning (the ticket is near breach, or past it). */
export const warnedClockExists = (now: number) =>
  sql`EXISTS (SELECT 1 FROM ${ticketSlaClocks} WHERE ${ticketSlaClocks.ticketId} = ${tickets.id} AND ${ticketSlaClocks.metAt} IS NULL AND ${ticketSlaClocks.stoppedAt} IS NULL AND ${ticketSlaClocks.warnAt} <= ${now})`;

/** The badge: breached when a due time passed, near when a warning did, ok while clocks run, none otherwise. */
export function slaStateOf(nextDueAt: number | null, warned: boolean, now: number): SlaState {
  if (nextDueAt === null) return "none";
  if (nextDueAt <= now) return "breached";
  return warned ? "near" : "ok";
}

/** The conditions of a list query, within the actor's scope. */
export function ticketListConditions(ctx: Ctx, q: z.output<typeof ticketListSchema>): SQL[] {
  const now = ctx.clock.now();
  const actor = ctx.actor;
  const where: SQL[] = [];
  const scope = ticketScopeCondition(actor);
  if (scope) where.push(scope);
  if (q.view === "mine") where.push(actor.kind === "staff" ? eq(tickets.assigneeId, actor.staffId) : sql`0`);
  if (q.view === "team" && actor.kind !== "system") {
    const roles = rolesOf(actor);
    where.push(sql`${tickets.typeId} IN (SELECT ${ticketTypes.id} FROM ${ticketTypes} WHERE ${inArray(ticketTypes.teamRole, [...roles])})`);
    if (!roles.includes("admin")) where.push(actor.campusIds.length > 0 ? inArray(tickets.campusId, actor.campusIds) : sql`0`);
  }
  if (q.status === "open") where.push(inArray(tickets.status, [...OPEN_STATUSES]));
  else if (q.status) where.push(eq(tickets.status, q.status));
  if (q.typeId) where.push(eq(tickets.typeId, q.typeId));
  if (q.priority) where.push(eq(tickets.priority, q.priority));
  if (q.campusId) where.push(eq(tickets.campusId, q.campusId));
  if (q.studentId) where.push(eq(tickets.studentId, q.studentId));
  if (q.sla === "breached") where.push(lte(tickets.nextDueAt, now));
  if (q.sla === "near") where.push(sql`${tickets.nextDueAt} > ${now}`, warnedClockExists(now));
  return where;
}

export function listTickets({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketListSchema> }): Page<TicketListItem> {
  const q = parseInput(ticketListSchema, input);
  const now = ctx.clock.now();
  const where = ticketListConditions(ctx, q);
  if (q.cursor) where.push(lt(tickets.id, q.cursor));
  const rows = ctx.db
    .select({ ticket: tickets, typeName: ticketTypes.name, studentName: students.name, assigneeName: staff.name, warned: sql<number>`${warnedClockExists(now)}` })
    .from(tickets)
    .innerJoin(ticketTypes, eq(ticketTypes.id, tickets.typeId))
    .leftJoin(students, eq(students.id, tickets.studentId))
    .leftJoin(staff, eq(staff.id, tickets.assigneeId))
    .where(and(...where))
    .orderBy(desc(tickets.id))
    .limit(q.limit + 1)
    .all()
    .map((r) => ({ ...r.ticket, typeName: r.typeName, studentName: r.studentName, assigneeName: r.assigneeName, slaState: slaStateOf(r.ticket.nextDueAt, r.warned === 1, now) }));
  return toPage(rows, q.limit);
}
