// 工单临近超时 for customer service and principals: open tickets in the caller's scope with an SLA
// target past its warning (near breach) or past its due time (breached), the most urgent first.
import { and, asc, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { students, tickets, ticketTypes } from "../../db/schema";
import type { Ctx } from "../../core/context";
import type { SlaState } from "../../../shared/tickets";
import { slaStateOf, warnedClockExists } from "../tickets/listTickets";
import { ticketScopeCondition } from "../tickets/ticketScope";
import { HOME_ROWS, type HomeList } from "./homeList";

export type TicketNearBreach = {
  ticketId: number;
  title: string;
  typeName: string;
  studentName: string | null;
  assigneeId: number | null;
  nextDueAt: number;
  slaState: SlaState;
};

export function ticketsNearBreachBlock(ctx: Ctx): HomeList<TicketNearBreach> {
  const now = ctx.clock.now();
  const where = and(inArray(tickets.status, ["new", "in_progress", "waiting"]), isNotNull(tickets.nextDueAt), warnedClockExists(now), ticketScopeCondition(ctx.actor));
  const items = ctx.db
    .select({
      ticketId: tickets.id,
      title: tickets.title,
      typeName: ticketTypes.name,
      studentName: students.name,
      assigneeId: tickets.assigneeId,
      nextDueAt: sql<number>`${tickets.nextDueAt}`,
    })
    .from(tickets)
    .innerJoin(ticketTypes, eq(ticketTypes.id, tickets.typeId))
    .leftJoin(students, eq(students.id, tickets.studentId))
    .where(where)
    .orderBy(asc(tickets.nextDueAt), asc(tickets.id))
    .limit(HOME_ROWS)
    .all()
    .map((r) => ({ ...r, slaState: slaStateOf(r.nextDueAt, true, now) }));
  const total = items.length < HOME_ROWS ? items.length : (ctx.db.select({ n: count() }).from(tickets).where(where).get()?.n ?? 0);
  return { total, items };
}
