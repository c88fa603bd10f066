// Step two: act on recorded callbacks after they were acknowledged, so the platform's deadline
// (WeCom 5 s, DingTalk 1.5–2.5 s) never waits on business work. Rows are processed once each:
// `received` → `processed` | `ignored` | `failed`, in the same transaction as the effect. Rows left
// `received` by a crash are picked up at the next start.
// A woken run works in short slices (a few rows, a few milliseconds) and gives the event loop back
// between them, so requests arriving meanwhile (the next callbacks, whose acknowledgement has a
// deadline) never wait long behind a backlog. Rows are always selected in the slice that processes
// them, in id order, so a row is never processed from a stale read.
// Each row's effect and status share a savepoint; a batch of rows shares one commit.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Clock } from "../clock";
import { connectionOf, type Db } from "../db/client";
import { prepared } from "../db/prepared";
import { inboundEvents, type InboundEventRow } from "../db/schema";
import { loadStaffActor } from "../domain/access/loadStaffActor";
import { inTransaction, type Ctx } from "../domain/context";
import { ServiceError } from "../errors";
import type { Logger } from "../logger";
import { deliveryByTaskId, keepResponseCode } from "../outbox/cardOutbox";
import type { CardActionEvent, InboundEvent } from "../platforms/types";
import { CARD_ACTION_HANDLERS, type CardActionHandler } from "./cardActionHandlers";

export type InboundProcessor = {
  /** Processes every waiting row now; returns how many rows it finished. */
  runOnce(): number;
  /** Schedules a run soon (after the current response is sent); it yields to the event loop between slices. */
  wake(): void;
  /** Resolves when no run is scheduled or running (tests, shutdown). */
  idle(): Promise<void>;
};

type Outcome = { status: "processed" | "ignored" | "failed"; outcome: string };

/** Rows read per query. */
const BATCH = 10;
/** A woken run gives the event loop back after a batch once a slice has taken this long. */
const SLICE_MS = 5;
/**
 * With a backlog left after a full slice (a burst bigger than one slice), the next slice waits this
 * long: acknowledging callbacks within the platforms' deadlines comes first, so under a burst the
 * work takes at most about a tenth of the process (still over 1,000 clicks a second) and catches up
 * when the burst is over. At ordinary rates a slice empties the queue and this never applies.
 */
const BACKLOG_GAP_MS = 45;

const p = (name: string) => sql.placeholder(name);

const waitingRows = (db: Db) =>
  prepared(db, "inbound.waiting", (db) =>
    db.select().from(inboundEvents).where(eq(inboundEvents.status, "received")).orderBy(asc(inboundEvents.id)).limit(p("limit")).prepare(),
  );

const finishRow = (db: Db) =>
  prepared(db, "inbound.finish", (db) =>
    db
      .update(inboundEvents)
      .set({ status: sql`${p("status")}`, outcome: sql`${p("outcome")}`, processedAt: sql`${p("processedAt")}`, attempts: 1 })
      .where(and(eq(inboundEvents.id, p("id")), eq(inboundEvents.status, "received")))
      .prepare(),
  );

export function createInboundProcessor(deps: {
  db: Db;
  clock: Clock;
  tz: string;
  logger: Logger;
  handlers?: Record<string, CardActionHandler>;
  /** Called after effects commit, so the outbox can send the cards they queued. */
  onProcessed?: () => void;
}): InboundProcessor {
  const handlers = deps.handlers ?? CARD_ACTION_HANDLERS;
  let scheduled: Promise<void> | undefined;

  const process = (ctx: Ctx, row: InboundEventRow): Outcome => {
    const event = row.event as InboundEvent;
    if (event.kind !== "card_action") return { status: "ignored", outcome: `event ${event.type}` };
    return processClick(ctx, event);
  };

  const processClick = (base: Ctx, event: CardActionEvent): Outcome => {
    const found = deliveryByTaskId(base, event.cardTaskId);
    if (!found) return { status: "ignored", outcome: "unknown card" };
    const { delivery, card } = found;
    if (delivery.platform !== event.platform || delivery.platformUserId !== event.userId) {
      return { status: "ignored", outcome: "clicker is not this card's recipient" };
    }
    if (event.responseCode) keepResponseCode(base, delivery.id, event.responseCode);
    const handler = handlers[card.kind];
    if (!handler) return { status: "ignored", outcome: `no handler for ${card.kind}` };
    const actor = loadStaffActor(deps.db, delivery.staffId);
    if (!actor) return { status: "ignored", outcome: "staff member left" };
    try {
      const outcome = handler({ ...base, actor }, { card, delivery, actionKey: event.actionKey });
      return { status: "processed", outcome };
    } catch (err) {
      if (err instanceof ServiceError) return { status: "processed", outcome: `${err.code}: ${err.message}` };
      throw err;
    }
  };

  const finish = (ctx: Ctx, id: number, result: Outcome) => {
    finishRow(deps.db).run({ id, status: result.status, outcome: result.outcome, processedAt: ctx.clock.now() });
  };

  /**
   * One row: its effect and its new status commit together (a savepoint inside the batch's
   * transaction; a row whose effect throws is rolled back alone and marked `failed`).
   */
  const processRow = (row: InboundEventRow): Outcome => {
    const ctx: Ctx = { db: deps.db, clock: deps.clock, tz: deps.tz, actor: { kind: "system", name: "callback" } };
    try {
      return inTransaction(ctx, () => {
        const outcome = process(ctx, row);
        finish(ctx, row.id, outcome);
        return outcome;
      });
    } catch (err) {
      deps.logger.error({ err, inboundId: row.id, eventKey: row.eventKey }, "callback processing failed");
      const result: Outcome = { status: "failed", outcome: String((err as Error).message ?? err).slice(0, 500) };
      finish(ctx, row.id, result);
      return result;
    }
  };

  /**
   * Processes waiting rows in id order, a batch at a time, until none is left or `until`
   * (performance.now()) has passed; `more` says whether it stopped for time. A batch commits once
   * (one commit per row cost more than most rows' work): a crash before it leaves every row of the
   * batch `received` with none of its effects, to be processed at the next start.
   */
  const drain = (until: number): { done: number; more: boolean } => {
    let done = 0;
    for (;;) {
      const rows = waitingRows(deps.db).all({ limit: BATCH });
      if (rows.length === 0) return { done, more: false };
      const results = connectionOf(deps.db)
        .transaction(() => rows.map(processRow))
        .immediate();
      rows.forEach((row, i) => {
        deps.logger.info({ inboundId: row.id, platform: row.platform, kind: row.kind, ...results[i] }, "callback processed");
      });
      done += rows.length;
      if (rows.length === BATCH && performance.now() >= until) return { done, more: true };
    }
  };

  const runOnce = (): number => {
    const { done } = drain(Number.POSITIVE_INFINITY);
    if (done > 0) deps.onProcessed?.();
    return done;
  };

  return {
    runOnce,
    wake() {
      if (scheduled) return;
      scheduled = new Promise<void>((resolve) => {
        const slice = () => {
          let more = false;
          try {
            const { done, more: left } = drain(performance.now() + SLICE_MS);
            more = left;
            if (done > 0) deps.onProcessed?.();
          } catch (err) {
            deps.logger.error({ err }, "callback processing run failed");
          }
          if (more) {
            setTimeout(slice, BACKLOG_GAP_MS);
            return;
          }
          // Decided in the same turn as the last (empty) read: a row recorded after it wakes a new run.
          scheduled = undefined;
          resolve();
        };
        setImmediate(slice);
      });
    },
    idle: () => scheduled ?? Promise.resolve(),
  };
}
