// Step one of every callback: write each event down under its platform event key, before anything
// acts on it. A retried or replayed callback finds its key taken and is only acknowledged.
import { inboundEvents } from "../db/schema";
import type { Db } from "../db/client";
import type { Clock } from "../clock";
import type { InboundEvent } from "../platforms/types";

/** Records the events in one transaction; returns how many were new (0 for a pure replay). */
export function recordInboundEvents(db: Db, clock: Clock, events: InboundEvent[]): number {
  if (events.length === 0) return 0;
  const now = clock.now();
  let added = 0;
  db.transaction((tx) => {
    for (const event of events) {
      const result = tx
        .insert(inboundEvents)
        .values({ platform: event.platform, eventKey: event.eventKey, kind: event.kind, event, receivedAt: now })
        .onConflictDoNothing({ target: [inboundEvents.platform, inboundEvents.eventKey] })
        .run();
      added += result.changes;
    }
  });
  return added;
}
