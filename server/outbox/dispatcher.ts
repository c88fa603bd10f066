// Delivers outbox rows after the transactions that wrote them committed. One batch at a time:
// claim the due rows (a short transaction), deliver them with bounded concurrency, record each
// outcome in its own transaction. Rows sharing an ordering key go in id order and never in parallel
// (an update never overtakes its send; a dead send holds its updates until it is retried). Platform
// limits are respected before each call (rateLimits.ts); failures are retried with backoff
// (backoff.ts) until given up as dead letters, which an admin can retry (domain/outbox/retryOutbox.ts).
//
// Nothing is lost to a crash: a row is `sending` only while this process holds it, and rows found
// `sending` at start-up go back to `pending` (recoverInterrupted). Re-sending them does not double
// anything: WeCom refuses a reused task_id and DingTalk a reused outTrackId (the adapters answer
// `alreadyDelivered`), and DingTalk finds an existing todo by its sourceId.
import { and, asc, eq, gt, inArray, lt, lte, ne, notExists, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import { prepared } from "../db/prepared";
import { cardDeliveries, outboxMessages, type OutboxRow } from "../db/schema";
import { inTransaction, systemActor, type Ctx } from "../core/context";
import type { Logger } from "../core/logger";
import { PlatformError, type PlatformErrorKind } from "../platforms/platformError";
import type { Platforms } from "../platforms/types";
import type { PlatformName } from "../../shared/platformNames";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import { planDelivery } from "./planDelivery";
import type { DeliveryDeps, DeliveryPlan, Finish } from "./deliveryPlan";
import { DEFAULT_RATE_RULES, RateLimiter, type RateRules } from "./rateLimits";

export type DispatcherOptions = {
  /** Rows claimed per batch. */
  batchSize?: number;
  /** Ordering keys delivered at the same time. */
  concurrency?: number;
  /** How often the loop looks for due rows when nothing woke it. */
  intervalMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** The jitter source (tests pin it). */
  random?: () => number;
  rateRules?: RateRules;
  /** A platform call still running after this is counted as a transient failure (the adapters time out at 10 s). */
  callTimeoutMs?: number;
  /** A `sending` row claimed longer ago than this, and not held by this dispatcher, is taken back. */
  staleClaimMs?: number;
  /** After a batch in which a rate budget was spent (rows deferred), the loop waits at least this long. */
  budgetWaitMs?: number;
};

export type DispatchSummary = {
  /** Rows claimed by this batch. */
  claimed: number;
  /** Delivered, or finished without a call (see the row's outcome). */
  done: number;
  /** Failed and queued again after a backoff (an attempt counted). */
  retried: number;
  /** The platform said "rate limited": queued again after its wait, no attempt counted. */
  throttled: number;
  /** Given up: a permanent error or attempts exhausted. */
  dead: number;
  /** Our own rate budget was spent: queued again for when the window frees, no attempt counted. */
  deferred: number;
  /** Claimed behind a row of the same ordering key that did not finish: queued again untouched. */
  released: number;
};

export type Dispatcher = {
  /** Delivers one batch of due rows (waits for a batch already running first). */
  runOnce(): Promise<DispatchSummary>;
  /** Runs batches in a loop: every `intervalMs`, at once after a busy batch or a `wake()`. */
  start(): void;
  /** Ends the loop; resolves once the batch in flight is recorded. */
  stop(): Promise<void>;
  /** Something was enqueued: run soon instead of at the next tick (no-op unless started). */
  wake(): void;
  /** Start-up: rows left `sending` by a crash go back to `pending`. Returns how many. */
  recoverInterrupted(): number;
};

export type DispatcherDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  platforms: Platforms;
  /** Makes relative todo detail URLs absolute. */
  publicBaseUrl?: string;
  options?: DispatcherOptions;
};

type RowResult = "done" | "retried" | "throttled" | "dead" | "deferred";

/** A failure as the outbox sees it, whoever threw it. */
type Failure = { kind: PlatformErrorKind; code: string; message: string; retryAfterMs?: number };

const ERROR_TEXT_MAX = 500;
const HOUR_MS = 3_600_000;

function failureOf(err: unknown): Failure {
  if (err instanceof PlatformError) {
    return { kind: err.kind, code: err.code, message: err.message, ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }) };
  }
  // Anything else (a bug, a database hiccup) is retried like a network error, and given up in time.
  return { kind: "transient", code: "error", message: err instanceof Error ? err.message : String(err) };
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { db, clock, logger } = deps;
  const options = deps.options ?? {};
  const batchSize = options.batchSize ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const intervalMs = options.intervalMs ?? 500;
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
  const budgetWaitMs = options.budgetWaitMs ?? 250;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const limiter = new RateLimiter(clock, options.rateRules ?? DEFAULT_RATE_RULES);
  const deliveryDeps: DeliveryDeps = { db, clock, platforms: deps.platforms, publicBaseUrl: deps.publicBaseUrl };
  // The outbox reads no calendar dates: the zone is never used.
  const ctx: Ctx = { db, clock, tz: "UTC", actor: systemActor("outbox") };
  /** Rows this dispatcher has claimed and not yet recorded. */
  const holding = new Set<number>();
  let limiterWarm = false;

  const m = outboxMessages;
  const notHeld = (): SQL | undefined => (holding.size > 0 ? notInArray(m.id, [...holding]) : undefined);

  // ---- claiming -----------------------------------------------------------------------------

  const earlier = alias(outboxMessages, "earlier");

  // The claim runs synchronously, so it must stay short with thousands of rows waiting (the card
  // updates after a burst of clicks): the callbacks being answered meanwhile wait on it. Heads are
  // read in the due index's order (longest due first, then id), so SQLite stops at the batch size;
  // in id order it had to check every due row for an earlier one of its key and sort them all, up to
  // 20 ms a claim. Order within an ordering key does not depend on it: a row with an earlier row of
  // its key still waiting is never a head. The queries are prepared.
  const dueHeads = () =>
    prepared(db, "outbox.dueHeads", (db) => {
      const blocked = db
        .select({ one: sql`1` })
        .from(earlier)
        .where(and(eq(earlier.orderingKey, m.orderingKey), lt(earlier.id, m.id), inArray(earlier.status, ["pending", "sending", "dead"])));
      return db
        .select()
        .from(m)
        .where(and(eq(m.status, "pending"), lte(m.nextAttemptAt, sql.placeholder("now")), notExists(blocked)))
        .orderBy(asc(m.nextAttemptAt), asc(m.id))
        .limit(sql.placeholder("limit"))
        .prepare();
    });
  const rowsBehind = () =>
    prepared(db, "outbox.rowsBehind", (db) =>
      db
        .select()
        .from(m)
        .where(and(eq(m.orderingKey, sql.placeholder("orderingKey")), gt(m.id, sql.placeholder("id")), ne(m.status, "done")))
        .orderBy(asc(m.id))
        .limit(sql.placeholder("limit"))
        .prepare(),
    );

  /** Due rows, longest due first, each with the due rows of its ordering key right behind it (a chain). */
  const claim = (): OutboxRow[][] =>
    inTransaction(ctx, (tx) => {
      const now = clock.now();
      const heads = dueHeads().all({ now, limit: batchSize });
      let room = batchSize - heads.length;
      const chains = heads.map((head) => {
        const chain = [head];
        if (room <= 0) return chain;
        const behind = rowsBehind().all({ orderingKey: head.orderingKey, id: head.id, limit: room });
        for (const row of behind) {
          if (row.status !== "pending" || row.nextAttemptAt > now) break;
          chain.push(row);
          room -= 1;
        }
        return chain;
      });
      const ids = chains.flat().map((r) => r.id);
      if (ids.length > 0) tx.db.update(m).set({ status: "sending", claimedAt: now, updatedAt: now }).where(inArray(m.id, ids)).run();
      for (const id of ids) holding.add(id);
      return chains;
    });

  /** `sending` rows nobody is delivering any more (a recording that failed): queued again. */
  const takeBackStaleClaims = (): number => {
    const now = clock.now();
    return db
      .update(m)
      .set({ status: "pending", claimedAt: null, updatedAt: now })
      .where(and(eq(m.status, "sending"), lt(m.claimedAt, now - staleClaimMs), notHeld()))
      .run().changes;
  };

  /** The last hour's WeCom sends, so that a restart does not reset the per-member budget. */
  const warmLimiter = (): void => {
    const since = clock.now() - HOUR_MS;
    const sent = db
      .select({ userId: cardDeliveries.platformUserId, at: m.deliveredAt })
      .from(m)
      .innerJoin(cardDeliveries, eq(cardDeliveries.id, sql`json_extract(${m.payload}, '$.deliveryId')`))
      .where(and(eq(m.kind, "card.send"), eq(m.status, "done"), gt(m.deliveredAt, since), eq(cardDeliveries.platform, "wecom")))
      .all();
    for (const s of sent) {
      if (s.userId && s.at !== null) limiter.record({ platform: "wecom", api: "message/send", member: s.userId }, s.at);
    }
  };

  // ---- recording ----------------------------------------------------------------------------

  /** Updates a row this dispatcher holds and lets go of it. */
  const setRow = (tx: Ctx, id: number, values: Partial<typeof m.$inferInsert>): void => {
    tx.db
      .update(m)
      .set({ ...values, claimedAt: null, updatedAt: tx.clock.now() })
      .where(and(eq(m.id, id), eq(m.status, "sending")))
      .run();
  };

  /** setRow's update for a delivered row, prepared: it is the one every delivery ends with. */
  const setDone = (tx: Ctx, id: number, outcome: string | null): void => {
    prepared(tx.db, "outbox.setDone", (db) =>
      db
        .update(m)
        .set({
          status: "done",
          deliveredAt: sql`${sql.placeholder("now")}`,
          outcome: sql`${sql.placeholder("outcome")}`,
          lastError: null,
          lastErrorCode: null,
          claimedAt: null,
          updatedAt: sql`${sql.placeholder("now")}`,
        })
        .where(and(eq(m.id, sql.placeholder("id")), eq(m.status, "sending")))
        .prepare(),
    ).run({ id, outcome, now: tx.clock.now() });
  };

  const markDone = (row: OutboxRow, finish: Finish): RowResult => {
    const outcome = inTransaction(ctx, (tx) => {
      const result = finish(tx);
      setDone(tx, row.id, result);
      return result;
    });
    holding.delete(row.id);
    logger.debug({ outboxId: row.id, kind: row.kind, outcome }, "outbox row delivered");
    return "done";
  };

  const markDead = (row: OutboxRow, failure: Failure, attempts: number, onDead?: (tx: Ctx) => void): RowResult => {
    inTransaction(ctx, (tx) => {
      onDead?.(tx);
      setRow(tx, row.id, { status: "dead", attempts, lastError: failure.message.slice(0, ERROR_TEXT_MAX), lastErrorCode: failure.code });
    });
    holding.delete(row.id);
    logger.error({ outboxId: row.id, kind: row.kind, code: failure.code, attempts, error: failure.message }, "outbox row given up (dead letter)");
    return "dead";
  };

  /** Back to `pending` until `at`; `attempts` only moves on a counted failure. */
  const requeue = (row: OutboxRow, at: number, values: Partial<typeof m.$inferInsert> = {}): void => {
    inTransaction(ctx, (tx) => setRow(tx, row.id, { status: "pending", nextAttemptAt: at, ...values }));
    holding.delete(row.id);
  };

  /** Retry, wait for the platform, or give up; `plan` is the call that failed (absent when planning failed). */
  const markFailed = (row: OutboxRow, failure: Failure, plan?: Extract<DeliveryPlan, { kind: "call" }>): RowResult => {
    const now = clock.now();
    const error = { lastError: failure.message.slice(0, ERROR_TEXT_MAX), lastErrorCode: failure.code };
    if (failure.kind === "permanent") return markDead(row, failure, row.attempts + 1, plan?.onDead);
    if (failure.kind === "rate_limited") {
      const waitMs = failure.retryAfterMs ?? backoffDelay(row.attempts + 1, policy, random);
      // The platform counts per API: the other rows for it wait too, without spending calls.
      if (plan) limiter.pause(plan.budget, now + waitMs);
      requeue(row, now + waitMs, error);
      logger.warn({ outboxId: row.id, kind: row.kind, code: failure.code, waitMs }, "outbox delivery rate limited by the platform");
      return "throttled";
    }
    const attempts = row.attempts + 1;
    if (attempts >= policy.maxAttempts && now - row.createdAt >= policy.minAgeMs) return markDead(row, failure, attempts, plan?.onDead);
    const waitMs = backoffDelay(attempts, policy, random);
    requeue(row, now + waitMs, { attempts, ...error });
    logger.warn({ outboxId: row.id, kind: row.kind, code: failure.code, attempts, waitMs, error: failure.message }, "outbox delivery failed, will retry");
    return "retried";
  };

  // ---- delivering ---------------------------------------------------------------------------

  const withTimeout = async <T>(work: Promise<T>, platform: PlatformName): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PlatformError(platform, "transient", "dispatch_timeout", `no answer in ${callTimeoutMs} ms`)), callTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const deliverRow = async (row: OutboxRow): Promise<RowResult> => {
    let plan: DeliveryPlan;
    try {
      plan = planDelivery(deliveryDeps, row);
    } catch (err) {
      return markFailed(row, failureOf(err));
    }
    if (plan.kind === "skip") {
      if (plan.warn) logger.warn({ outboxId: row.id, kind: row.kind, outcome: plan.outcome }, plan.warn);
      const { outcome, record } = plan;
      return markDone(row, (tx) => {
        record?.(tx);
        return outcome;
      });
    }
    if (plan.kind === "refuse") return markDead(row, { kind: "permanent", code: plan.code, message: plan.message }, row.attempts + 1, plan.onDead);

    const budget = limiter.acquire(plan.budget);
    if (!budget.ok) {
      requeue(row, budget.retryAt);
      logger.debug({ outboxId: row.id, kind: row.kind, retryAt: budget.retryAt, ...plan.budget }, "outbox row waits for the rate budget");
      return "deferred";
    }
    let finish: Finish;
    try {
      finish = await withTimeout(plan.send(), plan.budget.platform);
    } catch (err) {
      return markFailed(row, failureOf(err), plan);
    } finally {
      budget.permit.release();
    }
    return markDone(row, finish);
  };

  /** The rows of one ordering key, one after the other; the first that does not finish stops the rest. */
  const deliverChain = async (chain: OutboxRow[], summary: DispatchSummary): Promise<void> => {
    for (const [i, row] of chain.entries()) {
      const result = await deliverRow(row);
      summary[result] += 1;
      if (result === "done") continue;
      const rest = chain.slice(i + 1);
      if (rest.length > 0) {
        inTransaction(ctx, (tx) => {
          for (const r of rest) setRow(tx, r.id, { status: "pending" });
        });
        for (const r of rest) holding.delete(r.id);
        summary.released += rest.length;
      }
      return;
    }
  };

  const runBatch = async (): Promise<DispatchSummary> => {
    const summary: DispatchSummary = { claimed: 0, done: 0, retried: 0, throttled: 0, dead: 0, deferred: 0, released: 0 };
    if (!limiterWarm) {
      warmLimiter();
      limiterWarm = true;
    }
    limiter.sweep();
    const stale = takeBackStaleClaims();
    if (stale > 0) logger.warn({ rows: stale }, "outbox rows held too long by nobody are queued again");
    const chains = claim();
    summary.claimed = chains.reduce((n, c) => n + c.length, 0);
    const queue = [...chains];
    const worker = async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift()) {
        try {
          await deliverChain(chain, summary);
        } catch (err) {
          // Recording failed (the database refused): what is still `sending` is taken back as stale later.
          logger.error({ err, outboxIds: chain.map((r) => r.id) }, "outbox rows could not be recorded");
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    } finally {
      // Batches never overlap: whatever this one claimed and did not record is nobody's now.
      holding.clear();
    }
    return summary;
  };

  // ---- the loop -----------------------------------------------------------------------------

  /** The last batch started (batches run one after the other, whoever asked). */
  let tail: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<DispatchSummary> => {
    const next = tail.then(runBatch);
    tail = next.catch(() => undefined);
    return next;
  };

  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let looping: Promise<void> | undefined;
  let wokenWhileBusy = false;
  /**
   * performance.now() before which no batch starts. A spent budget frees a slot at a time (sliding
   * windows): running the next batch at once would plan and defer the same backlog again and again
   * (thousands of rows after a burst of clicks), taking the event loop from the callbacks that must
   * be acknowledged within the platforms' deadlines. Waiting a moment lets slots accumulate instead.
   */
  let notBefore = 0;

  const schedule = (ms: number) => {
    if (!started || timer || looping) return;
    timer = setTimeout(tick, Math.max(ms, notBefore - performance.now()));
  };

  const tick = () => {
    timer = undefined;
    if (!started || looping) return;
    wokenWhileBusy = false;
    looping = runOnce().then(
      (s) => {
        if (s.deferred > 0) notBefore = performance.now() + budgetWaitMs;
        return s.claimed > 0;
      },
      (err: unknown) => {
        logger.error({ err }, "outbox batch failed");
        return false;
      },
    ).then((busy) => {
      looping = undefined;
      // More may be due right away (a chain's next row, rows beyond the batch, a wake meanwhile).
      schedule(busy || wokenWhileBusy ? 0 : intervalMs);
    });
  };

  return {
    runOnce,
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await looping;
      await tail;
    },
    wake() {
      if (!started) return;
      if (looping) {
        wokenWhileBusy = true;
        return;
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      schedule(0);
    },
    recoverInterrupted() {
      const now = clock.now();
      return db
        .update(m)
        .set({ status: "pending", claimedAt: null, updatedAt: now })
        .where(and(eq(m.status, "sending"), notHeld()))
        .run().changes;
    },
  };
}
