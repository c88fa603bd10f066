// Housekeeping of the outbox's tables: what was delivered or handled longer ago than the retention is
// deleted, a bounded batch per table per call, so the tables stop growing with every card ever sent.
//  - outbox rows that are done (dead letters stay until an admin retries them);
//  - inbound events that were processed or ignored (failed ones stay, for support);
//  - cards whose every copy reached a final state, with their copies, their closed todos and their rows:
//    only when nothing changed on the card or any copy within the retention (a WeCom response code
//    lives 72 h), no todo of it is open, no outbox row of it is still queued or dead, and no approval step
//    points at it (an approval's cards stay with the approval: its record refers to them).
// The retention itself (institution settings, at least 7 days) is the caller's to give.
import { and, eq, inArray, isNotNull, lt, ne, notExists, notInArray, or, sql } from "drizzle-orm";
import { approvalStepRuns, cardDeliveries, cards, inboundEvents, outboxMessages, todos } from "../db/schema";
import { inTransaction, type Ctx } from "../core/context";

export type PruneDeliveredInput = {
  /** Rows last changed before this instant go. */
  olderThan: number;
  /** The most rows of each kind deleted in this call. */
  batch: number;
};

export type PruneDeliveredResult = { outboxMessages: number; inboundEvents: number; cards: number };

export function pruneDelivered(ctx: Ctx, { olderThan, batch }: PruneDeliveredInput): PruneDeliveredResult {
  return inTransaction(ctx, (tx) => {
    const done = tx.db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.status, "done"), lt(outboxMessages.updatedAt, olderThan)))
      .limit(batch);
    const messages = tx.db.delete(outboxMessages).where(inArray(outboxMessages.id, done)).run().changes;

    const handled = tx.db
      .select({ id: inboundEvents.id })
      .from(inboundEvents)
      .where(and(inArray(inboundEvents.status, ["processed", "ignored"]), lt(inboundEvents.receivedAt, olderThan)))
      .limit(batch);
    const events = tx.db.delete(inboundEvents).where(inArray(inboundEvents.id, handled)).run().changes;

    const ids = finishedCards(tx, olderThan, batch);
    if (ids.length > 0) deleteCards(tx, ids);
    return { outboxMessages: messages, inboundEvents: events, cards: ids.length };
  });
}

/** Up to `batch` cards that nothing can reach any more (see the file's head). */
function finishedCards(ctx: Ctx, olderThan: number, batch: number): number[] {
  const d = cardDeliveries;
  const liveCopy = ctx.db
    .select({ one: d.id })
    .from(d)
    .where(and(eq(d.cardId, cards.id), or(eq(d.status, "pending"), sql`${d.updatedAt} >= ${olderThan}`)));
  const queuedForCopy = ctx.db
    .select({ one: outboxMessages.id })
    .from(d)
    .innerJoin(outboxMessages, eq(outboxMessages.orderingKey, sql`'delivery:' || ${d.id}`))
    .where(and(eq(d.cardId, cards.id), ne(outboxMessages.status, "done")));
  const liveTodo = ctx.db
    .select({ one: todos.id })
    .from(todos)
    .innerJoin(outboxMessages, eq(outboxMessages.orderingKey, sql`'todo:' || ${todos.id}`))
    .where(and(eq(todos.cardId, cards.id), ne(outboxMessages.status, "done")));
  const openTodoCards = ctx.db.select({ id: todos.cardId }).from(todos).where(eq(todos.status, "open"));
  const stepCards = ctx.db.select({ id: sql<number>`${approvalStepRuns.cardId}` }).from(approvalStepRuns).where(isNotNull(approvalStepRuns.cardId));
  return ctx.db
    .select({ id: cards.id })
    .from(cards)
    .where(
      and(
        lt(cards.updatedAt, olderThan),
        notInArray(cards.id, openTodoCards),
        notInArray(cards.id, stepCards),
        notExists(liveCopy),
        notExists(queuedForCopy),
        notExists(liveTodo),
      ),
    )
    .orderBy(cards.id)
    .limit(batch)
    .all()
    .map((r) => r.id);
}

/** Deletes the cards with their copies, their (closed) todos and the done rows that delivered them. */
function deleteCards(ctx: Ctx, ids: number[]): void {
  const copies = ctx.db.select({ id: cardDeliveries.id }).from(cardDeliveries).where(inArray(cardDeliveries.cardId, ids)).all();
  const todoRows = ctx.db.select({ id: todos.id }).from(todos).where(inArray(todos.cardId, ids)).all();
  const keys = [...copies.map((c) => `delivery:${c.id}`), ...todoRows.map((t) => `todo:${t.id}`)];
  if (keys.length > 0) ctx.db.delete(outboxMessages).where(inArray(outboxMessages.orderingKey, keys)).run();
  ctx.db.delete(todos).where(inArray(todos.cardId, ids)).run();
  ctx.db.delete(cardDeliveries).where(inArray(cardDeliveries.cardId, ids)).run();
  ctx.db.delete(cards).where(inArray(cards.id, ids)).run();
}
