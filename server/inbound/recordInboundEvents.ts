// Step one of every callback: write each event down under its platform event key, before anything
// acts on it. A retried or replayed callback finds its key taken and is only acknowledged.
// This runs on every callback request, so the insert is a prepared query (no query building per
// call) and several events share the connection's own transaction (no drizzle transaction object).
import { sql } from "drizzle-orm";
import { inboundEvents } from "../db/schema";
import { connectionOf, type Db } from "../db/client";
import { prepared } from "../db/prepared";
import type { Clock } from "../core/clock";
import type { InboundEvent } from "../platforms/types";

const p = (name: string) => sql.placeholder(name);

/** INSERT … ON CONFLICT (platform, event_key) DO NOTHING: `changes` is 0 for a key already taken. */
const insertEvent = (db: Db) =>
  prepared(db, "inbound.record", (db) =>
    db
      .insert(inboundEvents)
      .values({ platform: p("platform"), eventKey: p("eventKey"), kind: p("kind"), event: p("event"), receivedAt: p("receivedAt") })
      .onConflictDoNothing({ target: [inboundEvents.platform, inboundEvents.eventKey] })
      .prepare(),
  );

function insertOne(db: Db, event: InboundEvent, now: number): number {
  return insertEvent(db).run({ platform: event.platform, eventKey: event.eventKey, kind: event.kind, event, receivedAt: now }).changes;
}

/** Records the events in one transaction; returns how many were new (0 for a pure replay). */
export function recordInboundEvents(db: Db, clock: Clock, events: InboundEvent[]): number {
  if (events.length === 0) return 0;
  const now = clock.now();
  const [only] = events;
  // One statement is atomic on its own.
  if (events.length === 1 && only) return insertOne(db, only, now);
  return connectionOf(db)
    .transaction(() => {
      let added = 0;
      for (const event of events) added += insertOne(db, event, now);
      return added;
    })
    .immediate();
}

export type InboundRecorder = {
  /** Records the events (as recordInboundEvents) and resolves with how many were new, once committed. */
  record(events: InboundEvent[]): Promise<number>;
};

type Waiting = { events: InboundEvent[]; resolve: (added: number) => void; reject: (err: unknown) => void };

/**
 * At most this many requests share a commit. Under a burst one turn of the event loop reads a couple
 * of hundred callbacks; committing them in groups of this size lets the first answers leave while the
 * rest are still being read, instead of holding every answer to the end of the turn (measured with
 * scripts/bench/callbacks.ts: more callbacks a second and a shorter p99 than one commit a turn, for a
 * few more commits).
 */
const GROUP_MAX = 32;

/**
 * Group commit for the callback endpoint: the events of the requests that reach this point in one
 * turn of the event loop are written in one transaction at the end of that turn, or as soon as
 * GROUP_MAX of them are waiting, and each request is answered after that commit (never before its
 * events are written down). A commit per request costs more than the inserts themselves under load.
 * Should the shared transaction fail, each request's events are tried again on their own, so one bad
 * request fails alone.
 */
export function createInboundRecorder(db: Db, clock: Clock): InboundRecorder {
  let queue: Waiting[] = [];

  const alone = (w: Waiting) => {
    try {
      w.resolve(recordInboundEvents(db, clock, w.events));
    } catch (err) {
      w.reject(err);
    }
  };

  const flush = () => {
    const batch = queue;
    if (batch.length === 0) return;
    queue = [];
    const [first] = batch;
    if (batch.length === 1 && first) return alone(first);
    let added: number[];
    try {
      const now = clock.now();
      added = connectionOf(db)
        .transaction(() => batch.map((w) => w.events.reduce((n, event) => n + insertOne(db, event, now), 0)))
        .immediate();
    } catch {
      for (const w of batch) alone(w);
      return;
    }
    batch.forEach((w, i) => w.resolve(added[i] ?? 0));
  };

  return {
    record(events) {
      if (events.length === 0) return Promise.resolve(0);
      return new Promise<number>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
        else if (queue.length >= GROUP_MAX) flush();
      });
    },
  };
}
