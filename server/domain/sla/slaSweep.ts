// The SLA sweep (every minute): clocks past their warning get the warning, clocks past their due time
// the breach (its verdict kept, its notice sent), tickets unassigned past their wait go to the team
// lead — each once: the clock's warnedAt / breachNotifiedAt and the ticket's unassignedEscalatedAt are
// set with the card in one transaction, so a re-run (or a second process) finds nothing left to do.
// Set-based: three indexed range reads of what is due now (partial indexes hold only the clocks still
// owing a notice), never a scan of the open tickets. The cards go out through quiet hours unless the
// policy is urgent; who gets them is the policy's ladder.
import { and, eq, isNull, lte } from "drizzle-orm";
import { tickets, ticketSlaClocks, type SlaPolicyRow, type TicketRow, type TicketSlaClockRow, type TicketTypeRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { sendableAt } from "../calendar/quietHours";
import { ladderStaff, sendTicketNotice } from "../tickets/ticketCards";
import { getTicketType, isOpenStatus } from "../tickets/ticketRecords";
import { SLA_TARGET_LABELS, type SlaLadder } from "../../../shared/tickets";
import { DEFAULT_LADDER } from "../tickets/shippedTicketTypes";
import { refreshTicketSla, ticketPolicy } from "./ticketClocks";

export type SlaSweepSummary = { warned: number; breached: number; escalated: number; failed: number };

const ladderOf = (p: SlaPolicyRow | undefined): SlaLadder => (p?.ladder as SlaLadder | undefined) ?? DEFAULT_LADDER;

/** Per sweep: each type, policy and campus's next sendable minute read once. */
type Memo = { types: Map<number, TicketTypeRow>; policies: Map<number, SlaPolicyRow | undefined>; sendable: Map<string, number> };

function notBefore(ctx: Ctx, memo: Memo, campusId: number, policy: SlaPolicyRow | undefined): number {
  const urgent = policy?.urgent ?? false;
  const key = `${campusId}:${urgent}`;
  let at = memo.sendable.get(key);
  if (at === undefined) memo.sendable.set(key, (at = sendableAt(ctx, campusId, { urgent })));
  return at;
}

function load(ctx: Ctx, memo: Memo, ticketId: number): { t: TicketRow; type: TicketTypeRow; policy: SlaPolicyRow | undefined } | null {
  const t = ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!t) return null;
  let type = memo.types.get(t.typeId);
  if (!type) memo.types.set(t.typeId, (type = getTicketType(ctx, t.typeId)));
  const key = t.policyId ?? 0;
  if (!memo.policies.has(key)) memo.policies.set(key, ticketPolicy(ctx, t));
  return { t, type, policy: memo.policies.get(key) };
}

const runningClock = (c: TicketSlaClockRow) => c.metAt === null && c.stoppedAt === null;

export function sweepSla({ ctx }: { ctx: Ctx }): SlaSweepSummary {
  const now = ctx.clock.now();
  const summary: SlaSweepSummary = { warned: 0, breached: 0, escalated: 0, failed: 0 };
  const memo: Memo = { types: new Map(), policies: new Map(), sendable: new Map() };
  const each = (fn: () => boolean, counter: "warned" | "breached" | "escalated") => {
    try {
      if (inTransaction(ctx, fn)) summary[counter] += 1;
    } catch {
      // One bad ticket must not hold up the others; it is tried again next minute.
      summary.failed += 1;
    }
  };

  // The same conditions as the partial indexes, so SQLite uses them.
  const breaches = ctx.db
    .select({ id: ticketSlaClocks.id })
    .from(ticketSlaClocks)
    .where(and(lte(ticketSlaClocks.dueAt, now), isNull(ticketSlaClocks.breachNotifiedAt), isNull(ticketSlaClocks.metAt), isNull(ticketSlaClocks.stoppedAt)))
    .all();
  batched(ctx, breaches, ({ id }) => each(() => notifyClock(ctx, memo, id, "breach"), "breached"));

  const warnings = ctx.db
    .select({ id: ticketSlaClocks.id })
    .from(ticketSlaClocks)
    .where(and(lte(ticketSlaClocks.warnAt, now), isNull(ticketSlaClocks.warnedAt), isNull(ticketSlaClocks.metAt), isNull(ticketSlaClocks.stoppedAt)))
    .all();
  batched(ctx, warnings, ({ id }) => each(() => notifyClock(ctx, memo, id, "warn"), "warned"));

  const unassigned = ctx.db.select({ id: tickets.id }).from(tickets).where(lte(tickets.unassignedDueAt, now)).all();
  batched(ctx, unassigned, ({ id }) => each(() => escalateUnassigned(ctx, memo, id), "escalated"));
  return summary;
}

/** Notices a transaction: each still stands or falls alone (a savepoint), without a commit apiece. */
const BATCH = 100;
function batched<T>(ctx: Ctx, rows: T[], fn: (row: T) => void): void {
  for (let i = 0; i < rows.length; i += BATCH) inTransaction(ctx, () => rows.slice(i, i + BATCH).forEach(fn));
}

function clockRow(ctx: Ctx, id: number): TicketSlaClockRow | undefined {
  return ctx.db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.id, id)).get();
}

/**
 * A clock's warning or breach notice, once: its time has come and it was not sent. A breached clock's
 * warning is moot — it is marked sent too, so the warning pass skips it.
 */
function notifyClock(ctx: Ctx, memo: Memo, clockId: number, level: "warn" | "breach"): boolean {
  const now = ctx.clock.now();
  const c = clockRow(ctx, clockId);
  if (!c || !runningClock(c)) return false;
  const at = level === "breach" ? c.dueAt : c.warnAt;
  const sent = level === "breach" ? c.breachNotifiedAt : c.warnedAt;
  if (sent !== null || at === null || at > now) return false;
  const marks = level === "breach" ? { breachedAt: c.breachedAt ?? c.dueAt, breachNotifiedAt: now, warnedAt: c.warnedAt ?? now } : { warnedAt: now };
  ctx.db.update(ticketSlaClocks).set(marks).where(eq(ticketSlaClocks.id, c.id)).run();
  const loaded = load(ctx, memo, c.ticketId);
  if (!loaded) return false;
  const { t, type, policy } = loaded;
  sendTicketNotice(ctx, t, type, {
    level,
    staffIds: ladderStaff(ctx, t, type, ladderOf(policy)[level]),
    notBefore: notBefore(ctx, memo, t.campusId, policy),
    targetText: SLA_TARGET_LABELS[c.target],
    dueAt: c.dueAt,
  });
  return true;
}

function escalateUnassigned(ctx: Ctx, memo: Memo, ticketId: number): boolean {
  const now = ctx.clock.now();
  const loaded = load(ctx, memo, ticketId);
  if (!loaded) return false;
  const { t, type, policy } = loaded;
  if (t.unassignedDueAt === null || t.unassignedDueAt > now) return false;
  const due = t.assigneeId === null && t.unassignedEscalatedAt === null && isOpenStatus(t.status);
  ctx.db.update(tickets).set(due ? { unassignedEscalatedAt: now, unassignedDueAt: null } : { unassignedDueAt: null }).where(eq(tickets.id, t.id)).run();
  if (!due) {
    refreshTicketSla(ctx, t.id);
    return false;
  }
  sendTicketNotice(ctx, { ...t, unassignedEscalatedAt: now }, type, {
    level: "unassigned",
    staffIds: ladderStaff(ctx, t, type, ladderOf(policy).unassigned),
    notBefore: notBefore(ctx, memo, t.campusId, policy),
    waitText: `${policy?.unassignedMinutes ?? 0} 分钟（营业时间）`,
  });
  return true;
}
