// What moving a ticket between states does to its clocks and dates, shared by the status verb, a
// family message (which reopens) and the 回访 outcome: resolving meets the resolution clock, stops the
// response clocks and pauses the ticket (so a reopen resumes the resolution clock where it stood,
// Plain's "total" resolution); reopening ends the pause and starts the resolution clock's next cycle
// from the ticket's creation (the first cycle keeps its verdict for reports).
import { and, eq, sql } from "drizzle-orm";
import { followupTasks, tickets, type TicketRow, type TicketStatus } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { closePause, meetClocks, openPause, refreshTicketSla, startClock, stopClocks } from "../sla/ticketClocks";
import { addTicketEvent, getTicketRow } from "./ticketRecords";
import { closeTask } from "../followupTasks/cancelFollowupTask";

/** Sets the status and writes its timeline row (with the note, if any). */
function setStatus(ctx: Ctx, t: TicketRow, to: TicketStatus, values: Partial<typeof tickets.$inferInsert>, note?: string): void {
  ctx.db
    .update(tickets)
    .set({ ...values, status: to, updatedAt: ctx.clock.now(), version: sql`${tickets.version} + 1` })
    .where(eq(tickets.id, t.id))
    .run();
  addTicketEvent(ctx, { ticketId: t.id, kind: "status", fromStatus: t.status, toStatus: to, body: note ?? "" });
}

/** 已解决 (or straight to 已关闭): the resolution is met, nothing is left to answer, the clocks stand still. */
export function finishTicket(ctx: Ctx, t: TicketRow, to: "resolved" | "closed", note?: string): TicketRow {
  const now = ctx.clock.now();
  if (t.resolvedAt === null) {
    meetClocks(ctx, t.id, ["resolution"], now);
    stopClocks(ctx, t.id, ["first_response", "next_response"], now);
    openPause(ctx, t.id);
  }
  setStatus(ctx, t, to, { resolvedAt: t.resolvedAt ?? now, ...(to === "closed" ? { closedAt: now } : {}) }, note);
  refreshTicketSla(ctx, t.id);
  return getTicketRow(ctx, t.id);
}

/** From 已解决 / 已关闭 back to 处理中: the resolution clock resumes (next cycle, same start, the resolved time paused). */
export function reopenTicket(ctx: Ctx, t: TicketRow, note?: string): TicketRow {
  // A 回访 still open for the resolution being undone has nothing left to ask: the next resolve opens another.
  const visits = ctx.db
    .select()
    .from(followupTasks)
    .where(and(eq(followupTasks.ticketId, t.id), eq(followupTasks.kind, "complaint_visit"), eq(followupTasks.state, "open")))
    .all();
  for (const v of visits) closeTask(ctx, v, "cancelled", "工单已重新打开");
  closePause(ctx, t.id);
  setStatus(ctx, t, "in_progress", { resolvedAt: null, closedAt: null, reopenCount: t.reopenCount + 1 }, note);
  startClock(ctx, getTicketRow(ctx, t.id), "resolution", t.createdAt);
  refreshTicketSla(ctx, t.id);
  return getTicketRow(ctx, t.id);
}

/** Between the open states: 待回复 pauses every running clock, leaving it resumes them. */
export function moveOpenTicket(ctx: Ctx, t: TicketRow, to: "new" | "in_progress" | "waiting", note?: string): TicketRow {
  if (to === "waiting") openPause(ctx, t.id);
  else if (t.status === "waiting") closePause(ctx, t.id);
  setStatus(ctx, t, to, {}, note);
  refreshTicketSla(ctx, t.id);
  return getTicketRow(ctx, t.id);
}
