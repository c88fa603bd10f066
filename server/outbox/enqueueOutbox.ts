// The one way anything enters the outbox: inside the caller's transaction, keyed, so the business
// change and the message it causes commit together and enqueueing twice sends once.
// Every card change and todo enqueues here (a notice acknowledged from a click: one row per copy), so
// the insert is a prepared query.
import { sql } from "drizzle-orm";
import { prepared } from "../db/prepared";
import { outboxMessages, type OutboxKind } from "../db/schema";
import type { Ctx } from "../core/context";

export type OutboxPayload = { deliveryId: number } | { todoId: number };

export type EnqueueInput = {
  kind: OutboxKind;
  /** Stops a message being sent twice: a second enqueue with the same key is ignored. */
  dedupeKey: string;
  /** Rows with the same key are delivered in order (an update never overtakes its send). */
  orderingKey: string;
  payload: OutboxPayload;
  /** Not before this instant (quiet hours: a reminder waits for the campus to open). */
  notBefore?: number;
};

const p = (name: string) => sql.placeholder(name);

/** Adds the row unless its dedupe key is already there. Returns whether a row was added. */
export function enqueueOutbox(ctx: Ctx, input: EnqueueInput): boolean {
  const now = ctx.clock.now();
  const insert = prepared(ctx.db, "outbox.enqueue", (db) =>
    db
      .insert(outboxMessages)
      .values({
        kind: p("kind"),
        dedupeKey: p("dedupeKey"),
        orderingKey: p("orderingKey"),
        payload: p("payload"),
        status: "pending",
        nextAttemptAt: p("due"),
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .onConflictDoNothing({ target: outboxMessages.dedupeKey })
      .prepare(),
  );
  const result = insert.run({ kind: input.kind, dedupeKey: input.dedupeKey, orderingKey: input.orderingKey, payload: input.payload, now, due: Math.max(now, input.notBefore ?? now) });
  return result.changes > 0;
}
