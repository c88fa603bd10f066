// Delivers outbox rows after the transactions that wrote them committed: claim the due rows (a short
// transaction), hand each chain to its platform's lane (platformLane.ts: its own slots, queue and
// health, so a platform that hangs never delays the other), record each outcome in its own
// transaction. The loop's claims do not wait for the lanes: while one platform's calls hang, the next
// claim already hands the other platform its new rows. Rows sharing an ordering key go in id order and
// never in parallel (an update never overtakes its send; a dead send holds its updates until it is
// retried). Platform limits are respected before each call (rateLimits.ts); failures are retried with
// backoff (backoff.ts) until given up as dead letters, which an admin can retry
// (domain/outbox/retryOutbox.ts). A platform that is down has its rows parked and is probed one row at
// a time; its first answer makes them all due at once, so a minute's backlog goes out within seconds
// instead of each row waiting out its own backoff.
//
// Nothing is lost to a crash: a row is `sending` only while this process holds it, and rows found
// `sending` at start-up go back to `pending` (recoverInterrupted). Re-sending them does not double
// anything: WeCom refuses a reused task_id and DingTalk a reused outTrackId (the adapters answer
// `alreadyDelivered`), and DingTalk finds an existing todo by its sourceId.
//
// DingTalk's monthly quota of billable calls is spent by priority (monthlyQuota.ts): each delivered
// call is counted in the transaction that records it; when the quota runs short, card updates are
// skipped and rows other than approvals wait for the next month; a quota error from the platform marks
// the month spent and its row waits for the month's turn, never dead.
import { and, asc, eq, gt, inArray, lt, lte, ne, notExists, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import { prepared } from "../db/prepared";
import { cardDeliveries, outboxMessages, type OutboxRow } from "../db/schema";
import { inTransaction, systemActor, type Ctx } from "../core/context";
import type { Logger } from "../core/logger";
import { PlatformError, type PlatformErrorDetail, type PlatformErrorKind } from "../platforms/platformError";
import type { Platforms } from "../platforms/types";
import { PLATFORM_NAMES, type PlatformName } from "../../shared/platformNames";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import { DEFAULT_LANE, PlatformLane, type LaneOptions } from "./platformLane";
import { planDelivery } from "./planDelivery";
import type { DeliveryDeps, DeliveryPlan, Finish } from "./deliveryPlan";
import { blockEnd, DEFAULT_RATE_RULES, RateLimiter, type RateRules } from "./rateLimits";
import { countBillableCall, markQuotaSpent, nextMonthStart, quotaDecision } from "./monthlyQuota";

/** `lastErrorCode` of a row waiting for the next month's platform quota. */
const QUOTA_WAIT = "monthly_quota";

export type DispatcherOptions = {
  /** Rows claimed per batch. */
  batchSize?: number;
  /** Ordering keys delivered at the same time, per platform (each platform has its own lane). */
  concurrency?: number;
  /** When a platform counts as down and how it is probed (platformLane.ts). */
  lane?: Partial<Pick<LaneOptions, "downAfter" | "probeBaseMs" | "probeCapMs">>;
  /** A row parked while its platform is down is due again after this at the latest (the platform's recovery makes it due sooner). */
  parkMs?: number;
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
  /** Its platform is down: queued again without a call or a counted attempt, due when the platform answers again. */
  parked: number;
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
  /** The business time zone: a monthly quota resets at its months' turn (default Asia/Shanghai, DingTalk's own). */
  tz?: string;
  /** Makes relative todo detail URLs absolute. */
  publicBaseUrl?: string;
  options?: DispatcherOptions;
};

type RowResult = "done" | "retried" | "throttled" | "dead" | "deferred" | "parked";

/** A failure as the outbox sees it, whoever threw it. */
type Failure = { kind: PlatformErrorKind; code: string; message: string; retryAfterMs?: number; detail?: PlatformErrorDetail };

const ERROR_TEXT_MAX = 500;
const HOUR_MS = 3_600_000;
/** A chain whose platform's lane is full is claimed again after this (no attempt counted). */
const LANE_FULL_WAIT_MS = 1_000;

function failureOf(err: unknown): Failure {
  if (err instanceof PlatformError) {
    return {
      kind: err.kind,
      code: err.code,
      message: err.message,
      detail: err.detail,
      ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    };
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
  const parkMs = options.parkMs ?? 60_000;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const limiter = new RateLimiter(clock, options.rateRules ?? DEFAULT_RATE_RULES);
  const deliveryDeps: DeliveryDeps = { db, clock, platforms: deps.platforms, publicBaseUrl: deps.publicBaseUrl };
  const tz = deps.tz ?? "Asia/Shanghai";
  const ctx: Ctx = { db, clock, tz, actor: systemActor("outbox") };
  /** Rows this dispatcher has claimed and not yet recorded. */
  const holding = new Set<number>();
  const laneOptions: LaneOptions = { ...DEFAULT_LANE, ...options.lane, concurrency, maxQueued: batchSize };
  const lanes = Object.fromEntries(PLATFORM_NAMES.map((p) => [p, new PlatformLane(p, laneOptions)])) as Record<PlatformName, PlatformLane>;
  let limiterWarm = false;
  /** Billable calls started and not yet recorded, per platform: counted as spent, so parallel lanes cannot overrun the quota. */
  const billableInFlight: Record<PlatformName, number> = Object.fromEntries(PLATFORM_NAMES.map((p) => [p, 0])) as Record<PlatformName, number>;

  const m = outboxMessages;
  /** Rows may be waiting for next month's quota (at start-up: rows left waiting by an earlier run). */
  let quotaWaiting = true;
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

  /** `billed`: the platform a delivered call was made on (counted against its monthly quota, if it has one). */
  const markDone = (row: OutboxRow, finish: Finish, billed?: PlatformName): RowResult => {
    const outcome = inTransaction(ctx, (tx) => {
      const result = finish(tx);
      setDone(tx, row.id, result);
      if (billed) countBillableCall(tx, billed, tz);
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

  /** How long the platform told us to leave this API alone: a WeCom block lasts its whole window. */
  const throttleWait = (row: OutboxRow, failure: Failure, plan: Extract<DeliveryPlan, { kind: "call" }> | undefined, now: number): number => {
    const floor = failure.retryAfterMs ?? backoffDelay(row.attempts + 1, policy, random);
    const named = failure.detail?.window;
    if (named === undefined) return floor;
    const window = named === "derive" ? (plan ? limiter.fullestWindow(plan.budget) : "minute") : named;
    return Math.max(floor, blockEnd(window, now) - now);
  };

  /** Retry, wait for the platform, or give up; `plan` is the call that failed (absent when planning failed). */
  const markFailed = (row: OutboxRow, failure: Failure, plan?: Extract<DeliveryPlan, { kind: "call" }>): RowResult => {
    const now = clock.now();
    const error = { lastError: failure.message.slice(0, ERROR_TEXT_MAX), lastErrorCode: failure.code };
    if (failure.kind === "permanent") return markDead(row, failure, row.attempts + 1, plan?.onDead);
    if (failure.detail?.monthlyQuota && plan) {
      // The month's quota is spent: every billable call fails until the month turns; nothing counted.
      const at = nextMonthStart(now, tz);
      inTransaction(ctx, (tx) => {
        markQuotaSpent(tx, plan.budget.platform, tz);
        setRow(tx, row.id, { status: "pending", nextAttemptAt: at, lastErrorCode: QUOTA_WAIT, lastError: `${failure.code}: ${error.lastError}`.slice(0, ERROR_TEXT_MAX) });
      });
      holding.delete(row.id);
      quotaWaiting = true;
      logger.warn({ outboxId: row.id, kind: row.kind, code: failure.code, retryAt: at }, "platform monthly API quota spent: the row waits for the next month");
      return "throttled";
    }
    if (failure.kind === "rate_limited") {
      const waitMs = throttleWait(row, failure, plan, now);
      // The platform counts per API: the other rows for it wait too, without spending calls.
      if (plan) limiter.pause(plan.budget, now + waitMs);
      requeue(row, now + waitMs, error);
      logger.warn({ outboxId: row.id, kind: row.kind, code: failure.code, waitMs }, "outbox delivery rate limited by the platform");
      return "throttled";
    }
    const attempts = row.attempts + 1;
    if (attempts >= policy.maxAttempts && now - row.createdAt >= policy.minAgeMs) return markDead(row, failure, attempts, plan?.onDead);
    // The platform's own advice on how often this answer is worth retrying (WeCom and DingTalk -1: 3 times).
    const maxRetries = failure.detail?.maxRetries;
    if (maxRetries !== undefined && attempts > maxRetries) return markDead(row, failure, attempts, plan?.onDead);
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

  /** A row of a chain that did not finish: the rest go back to `pending` untouched. */
  const release = (rest: OutboxRow[], summary: DispatchSummary): void => {
    if (rest.length === 0) return;
    inTransaction(ctx, (tx) => {
      for (const r of rest) setRow(tx, r.id, { status: "pending" });
    });
    for (const r of rest) holding.delete(r.id);
    summary.released += rest.length;
  };

  /** A skip is done with its outcome, a refusal dead at once: neither calls the platform. */
  const finishWithoutCall = (row: OutboxRow, plan: Exclude<DeliveryPlan, { kind: "call" }>): RowResult => {
    if (plan.kind === "refuse") return markDead(row, { kind: "permanent", code: plan.code, message: plan.message }, row.attempts + 1, plan.onDead);
    if (plan.warn) logger.warn({ outboxId: row.id, kind: row.kind, outcome: plan.outcome }, plan.warn);
    const { outcome, record } = plan;
    return markDone(row, (tx) => {
      record?.(tx);
      return outcome;
    });
  };

  /** The platform answered again after being down: every row it parked or saw fail is due now (in id order: the claim's). */
  const recover = (lane: PlatformLane): void => {
    const ids = lane.takeWaiting();
    const now = clock.now();
    let due = 0;
    for (let i = 0; i < ids.length; i += 500) {
      due += db
        .update(m)
        .set({ nextAttemptAt: now, updatedAt: now })
        .where(and(inArray(m.id, ids.slice(i, i + 500)), eq(m.status, "pending"), gt(m.nextAttemptAt, now)))
        .run().changes;
    }
    logger.warn({ platform: lane.platform, rows: due }, "platform answers again: its waiting outbox rows are due now");
    schedule(0);
  };

  /** While a platform is down, one waiting row (in turn) is made due when a probe may go out. */
  const promoteProbes = (): void => {
    const now = clock.now();
    for (const lane of Object.values(lanes)) {
      if (!lane.mayProbe(now)) continue;
      for (const id of lane.probeCandidates()) {
        const changed = db.update(m).set({ nextAttemptAt: now }).where(and(eq(m.id, id), eq(m.status, "pending"))).run().changes;
        if (changed > 0) break;
        // Delivered, given up or held right now: it is no probe (a failure adds it back).
        lane.waiting.delete(id);
      }
    }
  };

  /** What the call's outcome says about its platform: answered (up again?) or failed (down?). */
  const noteOutcome = (lane: PlatformLane, row: OutboxRow, failure: Failure | undefined): void => {
    if (failure === undefined || failure.kind === "permanent" || failure.kind === "rate_limited") {
      if (lane.answered() === "recovered") recover(lane);
      return;
    }
    if (lane.failed(row.id, clock.now()) === "went_down") {
      logger.warn({ platform: lane.platform, code: failure.code }, "platform looks down: its outbox rows wait for it and it is probed one row at a time");
    }
  };

  /** Delivers one row; `planned` is its plan when it was just made (the routing of its chain). */
  const deliverRow = async (row: OutboxRow, planned?: DeliveryPlan): Promise<RowResult> => {
    let plan: DeliveryPlan;
    try {
      plan = planned ?? planDelivery(deliveryDeps, row);
    } catch (err) {
      return markFailed(row, failureOf(err));
    }
    if (plan.kind !== "call") return finishWithoutCall(row, plan);

    const platform = plan.budget.platform;
    const quota = quotaDecision(db, platform, plan.priority ?? "normal", clock.now(), tz, billableInFlight[platform]);
    if (quota.kind === "skip") return markDone(row, () => "quota_skipped");
    if (quota.kind === "wait") {
      requeue(row, quota.until, { lastErrorCode: QUOTA_WAIT, lastError: "本月平台接口调用额度已不足，下月初自动发送" });
      quotaWaiting = true;
      logger.debug({ outboxId: row.id, kind: row.kind, retryAt: quota.until }, "outbox row waits for next month's platform quota");
      return "deferred";
    }

    const lane = lanes[plan.budget.platform];
    const now = clock.now();
    const probe = lane.mayProbe(now);
    if (lane.down && !probe) {
      requeue(row, now + parkMs);
      lane.parked(row.id);
      return "parked";
    }
    const budget = limiter.acquire(plan.budget);
    if (!budget.ok) {
      requeue(row, budget.retryAt);
      notBefore = performance.now() + budgetWaitMs;
      logger.debug({ outboxId: row.id, kind: row.kind, retryAt: budget.retryAt, ...plan.budget }, "outbox row waits for the rate budget");
      return "deferred";
    }
    if (probe) lane.startProbe(row.id, now);
    billableInFlight[platform] += 1;
    let finish: Finish;
    try {
      finish = await withTimeout(plan.send(), platform);
    } catch (err) {
      billableInFlight[platform] -= 1;
      const failure = failureOf(err);
      const result = markFailed(row, failure, plan);
      noteOutcome(lane, row, failure);
      return result;
    } finally {
      budget.permit.release();
      if (probe) lane.endProbe();
    }
    billableInFlight[platform] -= 1;
    const result = markDone(row, finish, platform);
    noteOutcome(lane, row, undefined);
    return result;
  };

  /** The rows of one ordering key, one after the other; the first that does not finish stops the rest. */
  const deliverChain = async (chain: OutboxRow[], summary: DispatchSummary, planned?: DeliveryPlan): Promise<void> => {
    try {
      for (const [i, row] of chain.entries()) {
        const result = await deliverRow(row, i === 0 ? planned : undefined);
        summary[result] += 1;
        if (result === "done") continue;
        release(chain.slice(i + 1), summary);
        return;
      }
    } catch (err) {
      // Recording failed (the database refused): what is still `sending` is taken back as stale later.
      logger.error({ err, outboxIds: chain.map((r) => r.id) }, "outbox rows could not be recorded");
    } finally {
      for (const r of chain) holding.delete(r.id);
    }
  };

  /**
   * Finishes the chain's rows that need no call at once, and hands it from its first call on to that
   * platform's lane (undefined: nothing left for a lane). A lane with no room leaves the chain for a
   * later claim: the other platform's rows behind it in the claim still go.
   */
  const route = (chain: OutboxRow[], summary: DispatchSummary): Promise<void> | undefined => {
    for (const [i, row] of chain.entries()) {
      let plan: DeliveryPlan;
      try {
        plan = planDelivery(deliveryDeps, row);
      } catch (err) {
        summary[markFailed(row, failureOf(err))] += 1;
        release(chain.slice(i + 1), summary);
        return undefined;
      }
      if (plan.kind !== "call") {
        const result = finishWithoutCall(row, plan);
        summary[result] += 1;
        if (result === "done") continue;
        release(chain.slice(i + 1), summary);
        return undefined;
      }
      const lane = lanes[plan.budget.platform];
      if (!lane.hasRoom()) {
        requeue(row, clock.now() + LANE_FULL_WAIT_MS);
        notBefore = performance.now() + budgetWaitMs;
        summary.deferred += 1;
        release(chain.slice(i + 1), summary);
        return undefined;
      }
      // A plan is made just before its call: it goes along only if the lane starts the chain now.
      const fresh = lane.hasFreeSlot();
      const rest = chain.slice(i);
      return lane.run(() => deliverChain(rest, summary, fresh ? plan : undefined));
    }
    return undefined;
  };

  /**
   * Rows waiting for next month's quota go again as soon as there is room before then: the school bought
   * more (DingTalk raises the allowance at once) and raised the setting. Checked only while rows wait.
   */
  const releaseQuotaWaits = (): void => {
    if (!quotaWaiting) return;
    const now = clock.now();
    if (quotaDecision(db, "dingtalk", "normal", now, tz, billableInFlight.dingtalk).kind !== "go") return;
    db.update(m).set({ nextAttemptAt: now }).where(and(eq(m.status, "pending"), eq(m.lastErrorCode, QUOTA_WAIT), gt(m.nextAttemptAt, now))).run();
    quotaWaiting = false;
  };

  const emptySummary = (): DispatchSummary => ({ claimed: 0, done: 0, retried: 0, throttled: 0, dead: 0, deferred: 0, released: 0, parked: 0 });

  /** Claims due rows and hands them to the lanes; returns the lanes' work, which `summary` follows as it finishes. */
  const dispatch = (summary: DispatchSummary): Promise<void>[] => {
    if (!limiterWarm) {
      warmLimiter();
      limiterWarm = true;
    }
    limiter.sweep();
    const stale = takeBackStaleClaims();
    if (stale > 0) logger.warn({ rows: stale }, "outbox rows held too long by nobody are queued again");
    promoteProbes();
    releaseQuotaWaits();
    const chains = claim();
    summary.claimed = chains.reduce((n, c) => n + c.length, 0);
    const work: Promise<void>[] = [];
    for (const chain of chains) {
      try {
        const running = route(chain, summary);
        if (running) work.push(running);
      } catch (err) {
        logger.error({ err, outboxIds: chain.map((r) => r.id) }, "outbox rows could not be recorded");
        for (const r of chain) holding.delete(r.id);
      }
    }
    return work;
  };

  // ---- the loop -----------------------------------------------------------------------------

  /** The last batch started by runOnce (its batches run one after the other, whoever asked). */
  let tail: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<DispatchSummary> => {
    const next = tail.then(async () => {
      const summary = emptySummary();
      await Promise.all(dispatch(summary));
      return summary;
    });
    tail = next.catch(() => undefined);
    return next;
  };

  let started = false;
  let timer: NodeJS.Timeout | undefined;
  /** performance.now() at which `timer` fires. */
  let timerAt = 0;
  /** Chains handed to the lanes by the loop and not finished. */
  const running = new Set<Promise<void>>();
  /**
   * performance.now() before which no claim starts. A spent budget frees a slot at a time (sliding
   * windows): claiming again at once would plan and defer the same backlog again and again
   * (thousands of rows after a burst of clicks), taking the event loop from the callbacks that must
   * be acknowledged within the platforms' deadlines. Waiting a moment lets slots accumulate instead.
   */
  let notBefore = 0;

  /** Runs a claim in `ms` (or at `notBefore`), unless one is already due sooner. */
  function schedule(ms: number): void {
    if (!started) return;
    const at = performance.now() + Math.max(ms, notBefore - performance.now());
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(tick, Math.max(0, at - performance.now()));
  }

  /** Idle: the next look at the table, sooner when a down platform's next probe is due. */
  const idleDelay = (): number => {
    const now = clock.now();
    let ms = intervalMs;
    for (const lane of Object.values(lanes)) {
      if (lane.down && lane.waiting.size > 0) ms = Math.min(ms, Math.max(0, lane.nextProbeAt - now));
    }
    return ms;
  };

  const tick = () => {
    timer = undefined;
    if (!started) return;
    let claimed = 0;
    try {
      const summary = emptySummary();
      for (const work of dispatch(summary)) {
        running.add(work);
        void work.finally(() => {
          running.delete(work);
          // A chain's next row may be due, or a slot freed for rows the claim left.
          schedule(0);
        });
      }
      claimed = summary.claimed;
    } catch (err) {
      logger.error({ err }, "outbox batch failed");
    }
    // A full claim: more rows are due right away.
    schedule(claimed >= batchSize ? 0 : idleDelay());
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
      while (running.size > 0) await Promise.all([...running]);
      await tail;
    },
    wake() {
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
