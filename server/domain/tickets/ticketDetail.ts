// One ticket as its page shows it: the ticket, its type (with the fields to show and edit), the student,
// campus and assignee names, the timeline, and every SLA clock with its due time and verdict (each due
// time shown, not only the nearest: Zammad #3928), and whether it is paused now.
import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { campuses, staff, students, ticketEvents, type TicketEventRow, type TicketRow, type TicketSlaClockRow, type TicketTypeRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import type { Pause } from "../calendar/businessTime";
import { clocksOf, pausesOf } from "../sla/ticketClocks";
import type { SlaState } from "../../../shared/tickets";
import { slaStateOf } from "./listTickets";
import { getTicketType } from "./ticketRecords";
import { visitTaskOf } from "./recordComplaintVisit";
import { getTicketInScope } from "./ticketScope";
import { ticketIdSchema } from "./ticketSchemas";

export type ClockVerdict = "running" | "paused" | "met" | "breached" | "stopped";

/** A clock's standing now: met on time, breached (late, or running past its due time), paused, running, or stopped without a verdict. */
export function clockVerdict(c: TicketSlaClockRow, now: number): ClockVerdict {
  if (c.breachedAt !== null || (c.metAt === null && c.stoppedAt === null && c.dueAt !== null && c.dueAt <= now)) return "breached";
  if (c.metAt !== null) return "met";
  if (c.stoppedAt !== null) return "stopped";
  return c.dueAt === null ? "paused" : "running";
}

export type TicketDetail = {
  ticket: TicketRow;
  type: TicketTypeRow;
  studentName: string | null;
  campusName: string;
  assigneeName: string | null;
  /** The timeline, an assignment with the name of whom it went to. */
  events: (TicketEventRow & { assigneeName: string | null })[];
  clocks: (TicketSlaClockRow & { verdict: ClockVerdict })[];
  pauses: Pause[];
  paused: boolean;
  slaState: SlaState;
  /** A complaint's newest 回访 follow-up task (its page records the outcome), if one was opened. */
  visitTask: { id: number; state: string } | null;
};

export function getTicketDetail({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketIdSchema> }): TicketDetail {
  const { ticketId } = parseInput(ticketIdSchema, input);
  const t = getTicketInScope(ctx, ticketId);
  const now = ctx.clock.now();
  const name = (id: number | null) => (id === null ? null : (ctx.db.select({ name: staff.name }).from(staff).where(eq(staff.id, id)).get()?.name ?? null));
  const clocks = clocksOf(ctx, t.id).map((c) => ({ ...c, verdict: clockVerdict(c, now) }));
  const pauses = pausesOf(ctx, t.id);
  const warned = clocks.some((c) => c.metAt === null && c.stoppedAt === null && c.warnAt !== null && c.warnAt <= now);
  return {
    ticket: t,
    type: getTicketType(ctx, t.typeId),
    studentName: t.studentId === null ? null : (ctx.db.select({ name: students.name }).from(students).where(eq(students.id, t.studentId)).get()?.name ?? null),
    campusName: ctx.db.select({ name: campuses.name }).from(campuses).where(eq(campuses.id, t.campusId)).get()?.name ?? "",
    assigneeName: name(t.assigneeId),
    events: ctx.db
      .select({ event: ticketEvents, assigneeName: staff.name })
      .from(ticketEvents)
      .leftJoin(staff, eq(staff.id, ticketEvents.assigneeId))
      .where(eq(ticketEvents.ticketId, t.id))
      .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
      .all()
      .map((r) => ({ ...r.event, assigneeName: r.assigneeName })),
    clocks,
    pauses,
    paused: pauses.some((p) => p.until === null),
    slaState: slaStateOf(t.nextDueAt, warned, now),
    visitTask: visitTaskOf(ctx, t.id),
  };
}
