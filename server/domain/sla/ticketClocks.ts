// A ticket's SLA clocks as a function of its history: each clock's due and warning times are business
// minutes of the campus calendar after its start, with the ticket's pauses (待回复, and the time it
// stood resolved) cut out — recomputed after every change, so a pause, a reopen, a new calendar or a new
// policy all move the deadlines the same way (domain-notes §3.3). Verbs change the history (start,
// meet, stop a clock; open or close a pause) and then call refreshTicketSla.
import { and, asc, eq, inArray, isNull, max } from "drizzle-orm";
import { slaPolicies, ticketPauses, tickets, ticketSlaClocks, type SlaPolicyRow, type SlaTarget, type TicketRow, type TicketSlaClockRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { businessDate } from "../../core/clock";
import { addBusinessMinutes, type BusinessCalendar, type Pause } from "../calendar/businessTime";
import { campusCalendar } from "../calendar/campusCalendar";
import { matchSlaPolicy, policiesInOrder } from "./matchSlaPolicy";

const DAY_MS = 86_400_000;

/** What a recompute over many tickets reads once: the policies in order and each campus's calendar. */
export type SlaEnv = { policies?: SlaPolicyRow[]; calendars: Map<number, BusinessCalendar> };
export const newSlaEnv = (): SlaEnv => ({ calendars: new Map() });

function calendarFor(ctx: Ctx, t: TicketRow, env: SlaEnv): BusinessCalendar {
  let cal = env.calendars.get(t.campusId);
  if (!cal) {
    // Exceptions from a year back cover every clock still running (one load serves a whole sweep).
    cal = campusCalendar(ctx, t.campusId, businessDate(Math.min(t.createdAt, ctx.clock.now() - 366 * DAY_MS) - 2 * DAY_MS, ctx.tz));
    env.calendars.set(t.campusId, cal);
  }
  return cal;
}

export function pausesOf(ctx: Ctx, ticketId: number): Pause[] {
  return ctx.db.select({ from: ticketPauses.from, until: ticketPauses.until }).from(ticketPauses).where(eq(ticketPauses.ticketId, ticketId)).orderBy(asc(ticketPauses.from)).all();
}

/** Opens a pause unless one is open (waiting on the family, or resolved). */
export function openPause(ctx: Ctx, ticketId: number): void {
  const open = ctx.db.select({ id: ticketPauses.id }).from(ticketPauses).where(and(eq(ticketPauses.ticketId, ticketId), isNull(ticketPauses.until))).get();
  if (!open) ctx.db.insert(ticketPauses).values({ ticketId, from: ctx.clock.now() }).run();
}

/** Ends the open pause, if any: the clocks run again. */
export function closePause(ctx: Ctx, ticketId: number): void {
  ctx.db.update(ticketPauses).set({ until: ctx.clock.now() }).where(and(eq(ticketPauses.ticketId, ticketId), isNull(ticketPauses.until))).run();
}

export const clocksOf = (ctx: Ctx, ticketId: number): TicketSlaClockRow[] =>
  ctx.db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticketId)).orderBy(asc(ticketSlaClocks.id)).all();

export const isRunning = (c: TicketSlaClockRow) => c.metAt === null && c.stoppedAt === null;

/** The policy's target in business minutes (null: the policy has none). */
export function targetMinutes(policy: SlaPolicyRow | undefined | null, target: SlaTarget): number | null {
  if (!policy) return null;
  if (target === "first_response") return policy.firstResponseMinutes;
  if (target === "next_response") return policy.nextResponseMinutes;
  return policy.resolutionMinutes;
}

/** The policy the ticket's targets come from, if any. */
export const ticketPolicy = (ctx: Ctx, t: TicketRow): SlaPolicyRow | undefined =>
  t.policyId === null ? undefined : ctx.db.select().from(slaPolicies).where(eq(slaPolicies.id, t.policyId)).get();

/** Starts a clock of the target (its next cycle) when the ticket's policy has the target; returns whether it did. */
export function startClock(ctx: Ctx, t: TicketRow, target: SlaTarget, startedAt: number): boolean {
  const minutes = targetMinutes(ticketPolicy(ctx, t), target);
  if (minutes === null) return false;
  const last = ctx.db
    .select({ cycle: max(ticketSlaClocks.cycle) })
    .from(ticketSlaClocks)
    .where(and(eq(ticketSlaClocks.ticketId, t.id), eq(ticketSlaClocks.target, target)))
    .get()?.cycle;
  ctx.db
    .insert(ticketSlaClocks)
    .values({ ticketId: t.id, target, cycle: last === null || last === undefined ? 0 : last + 1, startedAt, targetMinutes: minutes })
    .run();
  return true;
}

/**
 * Fulfils the running clocks of these targets at `at`. A clock met after its due time keeps the breach
 * as its verdict (breachedAt = the due time) even if the sweep had not got to it yet.
 */
export function meetClocks(ctx: Ctx, ticketId: number, targets: readonly SlaTarget[], at: number): void {
  for (const c of clocksOf(ctx, ticketId)) {
    if (!isRunning(c) || !targets.includes(c.target)) continue;
    const late = c.dueAt !== null && at > c.dueAt;
    ctx.db
      .update(ticketSlaClocks)
      .set({ metAt: at, ...(late && c.breachedAt === null ? { breachedAt: c.dueAt } : {}) })
      .where(eq(ticketSlaClocks.id, c.id))
      .run();
  }
}

/** Stops the running clocks of these targets without a verdict (nothing is left to answer). */
export function stopClocks(ctx: Ctx, ticketId: number, targets: readonly SlaTarget[], at: number): void {
  for (const c of clocksOf(ctx, ticketId)) {
    if (isRunning(c) && targets.includes(c.target)) ctx.db.update(ticketSlaClocks).set({ stoppedAt: at }).where(eq(ticketSlaClocks.id, c.id)).run();
  }
}

const OPEN = ["new", "in_progress", "waiting"] as const;

/**
 * Matches the ticket's policy again and brings its clocks in line (§3.3.6): running clocks take the
 * new policy's minutes, clocks of targets it lacks stop, and a first-response or resolution clock the
 * ticket never had starts from the ticket's creation. Then the times are recomputed.
 */
export function applySlaPolicy(ctx: Ctx, ticketId: number, env: SlaEnv = newSlaEnv()): void {
  const t = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!t) return;
  env.policies ??= policiesInOrder(ctx);
  const policy = matchSlaPolicy(env.policies, t);
  if ((policy?.id ?? null) !== t.policyId) ctx.db.update(tickets).set({ policyId: policy?.id ?? null }).where(eq(tickets.id, t.id)).run();
  const now = ctx.clock.now();
  const clocks = clocksOf(ctx, t.id);
  for (const c of clocks.filter(isRunning)) {
    const minutes = targetMinutes(policy, c.target);
    if (minutes === null) ctx.db.update(ticketSlaClocks).set({ stoppedAt: now }).where(eq(ticketSlaClocks.id, c.id)).run();
    else if (minutes !== c.targetMinutes) ctx.db.update(ticketSlaClocks).set({ targetMinutes: minutes }).where(eq(ticketSlaClocks.id, c.id)).run();
  }
  if ((OPEN as readonly string[]).includes(t.status)) {
    const fresh = { ...t, policyId: policy?.id ?? null };
    const had = (target: SlaTarget) => clocks.some((c) => c.target === target && (isRunning(c) || c.metAt !== null));
    if (t.firstResponseAt === null && !had("first_response")) startClock(ctx, fresh, "first_response", t.createdAt);
    if (!had("resolution")) startClock(ctx, fresh, "resolution", t.createdAt);
  }
  refreshTicketSla(ctx, t.id, env);
}

/**
 * Recomputes each running clock's due and warning times from its start, the calendar and the pauses
 * (a clock in a pause that has not ended has none: it is stopped until the family answers), the
 * ticket's earliest due time (nextDueAt) and when an unassigned ticket escalates to the team lead.
 */
export function refreshTicketSla(ctx: Ctx, ticketId: number, env: SlaEnv = newSlaEnv()): void {
  const t = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!t) return;
  const cal = calendarFor(ctx, t, env);
  const pauses = pausesOf(ctx, t.id);
  const policy = ticketPolicy(ctx, t);
  const warnPercent = policy?.warnPercent ?? 80;
  let nextDueAt: number | null = null;
  for (const c of clocksOf(ctx, t.id).filter(isRunning)) {
    const dueAt = addBusinessMinutes(cal, c.startedAt, c.targetMinutes, pauses);
    const warnAt = addBusinessMinutes(cal, c.startedAt, Math.floor((c.targetMinutes * warnPercent) / 100), pauses);
    if (dueAt !== c.dueAt || warnAt !== c.warnAt) ctx.db.update(ticketSlaClocks).set({ dueAt, warnAt }).where(eq(ticketSlaClocks.id, c.id)).run();
    if (dueAt !== null && (nextDueAt === null || dueAt < nextDueAt)) nextDueAt = dueAt;
  }
  const waitsForLead = (OPEN as readonly string[]).includes(t.status) && t.assigneeId === null && t.unassignedEscalatedAt === null && policy?.unassignedMinutes;
  const unassignedDueAt = waitsForLead ? addBusinessMinutes(cal, t.createdAt, policy.unassignedMinutes ?? 0) : null;
  if (nextDueAt !== t.nextDueAt || unassignedDueAt !== t.unassignedDueAt) {
    // Not a user edit: the ticket's version (optimistic locking of PATCH) stays.
    ctx.db.update(tickets).set({ nextDueAt, unassignedDueAt }).where(eq(tickets.id, t.id)).run();
  }
}

/** Every open ticket matched and recomputed again (a policy or a calendar changed). */
export function recomputeOpenTickets(ctx: Ctx): number {
  const env = newSlaEnv();
  const open = ctx.db.select({ id: tickets.id }).from(tickets).where(inArray(tickets.status, OPEN)).all();
  for (const { id } of open) applySlaPolicy(ctx, id, env);
  return open.length;
}
