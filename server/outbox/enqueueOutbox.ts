// The one way anything enters the outbox: inside the caller's transaction, keyed, so the business
// change and the message it causes commit together and enqueueing twice sends once.
import { outboxMessages, type OutboxKind } from "../db/schema";
import type { Ctx } from "../domain/context";

export type OutboxPayload = { deliveryId: number } | { todoId: number };

export type EnqueueInput = {
  kind: OutboxKind;
  /** Stops a message being sent twice: a second enqueue with the same key is ignored. */
  dedupeKey: string;
  /** Rows with the same key are delivered in order (an update never overtakes its send). */
  orderingKey: string;
  payload: OutboxPayload;
};

/** Adds the row unless its dedupe key is already there. Returns whether a row was added. */
export function enqueueOutbox(ctx: Ctx, input: EnqueueInput): boolean {
  const now = ctx.clock.now();
  const result = ctx.db
    .insert(outboxMessages)
    .values({ ...input, status: "pending", nextAttemptAt: now, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .run();
  return result.changes > 0;
}
