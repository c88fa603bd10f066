// The outbox as an admin sees it: what is queued, what was given up (dead letters) and why, and the
// one repair there is: retry a dead row once its cause is fixed (a person added to the app, a
// permission granted). A retried row starts over with a full set of attempts; its last error stays
// visible until it is delivered. Who may do this, and the audit line, are the domain's
// (server/domain/outbox/); this file only knows the rows.
import { and, count, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Ctx } from "../core/context";
import { conflict, notFound } from "../core/errors";
import { toPage, type Page } from "../core/page";
import { outboxMessages, type OutboxRow, type OutboxStatus } from "../db/schema";

/** How each status reads to people (answers and messages). */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: "待发送",
  sending: "发送中",
  done: "已完成",
  dead: "已放弃",
};

export type OutboxListQuery = { status?: OutboxStatus; limit: number; before?: number };

/** Outbox rows, newest first, optionally of one status (`dead` for the dead letters). */
export function listOutboxMessages(ctx: Ctx, q: OutboxListQuery): Page<OutboxRow> {
  const where: SQL[] = [];
  if (q.status) where.push(eq(outboxMessages.status, q.status));
  if (q.before !== undefined) where.push(lt(outboxMessages.id, q.before));
  const rows = ctx.db
    .select()
    .from(outboxMessages)
    .where(and(...where))
    .orderBy(desc(outboxMessages.id))
    .limit(q.limit + 1)
    .all();
  return toPage(rows, q.limit);
}

/** How many rows have this status (the dead letters for the admin's home page). */
export function countOutboxMessages(ctx: Ctx, status: OutboxStatus): number {
  return ctx.db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.status, status)).get()?.n ?? 0;
}

/**
 * Queues a dead row again now, with its attempts reset; returns the row before and after. Only dead
 * rows: the others are on their way. Call it inside the caller's transaction.
 */
export function retryDeadMessage(ctx: Ctx, id: number): { before: OutboxRow; after: OutboxRow } {
  const row = ctx.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get();
  if (!row) throw notFound("出站消息");
  if (row.status !== "dead") {
    throw conflict(`只有「已放弃」的消息可以重试，这条消息${OUTBOX_STATUS_LABELS[row.status]}`, { status: row.status });
  }
  const now = ctx.clock.now();
  const retried = ctx.db
    .update(outboxMessages)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedAt: null, updatedAt: now })
    .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "dead")))
    .returning()
    .get();
  if (!retried) throw conflict("这条消息刚被他人处理，请刷新后重试");
  return { before: row, after: retried };
}
