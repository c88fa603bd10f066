// Step two: act on recorded callbacks after they were acknowledged, so the platform's deadline
// (WeCom 5 s, DingTalk 1.5–2.5 s) never waits on business work. Rows are processed once each:
// `received` → `processed` | `ignored` | `failed`, in the same transaction as the effect. Rows left
// `received` by a crash are picked up at the next start.
// A woken run works in short slices (a few rows, a few milliseconds) and gives the event loop back
// between them, so requests arriving meanwhile (the next callbacks, whose acknowledgement has a
// deadline) never wait long behind a backlog. Rows are always selected in the slice that processes
// them, in id order, so a row is never processed from a stale read.
// Each row's effect and status share a savepoint; a batch of rows shares one commit.
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { Clock } from "../core/clock";
import { connectionOf, type Db } from "../db/client";
import { prepared } from "../db/prepared";
import { inboundEvents, type InboundEventRow } from "../db/schema";
import { loadStaffActor } from "../domain/access/loadStaffActor";
import { inTransaction, type Ctx } from "../core/context";
import { ServiceError } from "../core/errors";
import type { Logger } from "../core/logger";
import { CARD_CLICK_HANDLERS } from "../domain/cardClicks/cardClickHandlers";
import { reportRefusedTestClick } from "../domain/cardClicks/testCardClick";
import { CARD_CLICK_REFUSED, type CardClickRefusal } from "../../shared/cardClickRefusal";
import type { CardClickHandler } from "../domain/cardClicks/cardClick";
import { cardContent, deliveryByTaskId, keepResponseCode } from "../outbox/cardOutbox";
import type { CardActionEvent, InboundEvent, OtherEvent } from "../platforms/types";

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
/**
 * A woken run gives the event loop back after a batch once a slice has taken this long. Short: under
 * a burst every slice lengthens the turn of the event loop it runs in, and so the wait of the
 * callbacks answered in that turn (about one batch, 1–3 ms, rather than several).
 */
const SLICE_MS = 2;
/**
 * With a backlog left after a full slice while callbacks are still arriving (a burst bigger than one
 * slice), the next slice waits this long: acknowledging callbacks within the platforms' deadlines
 * comes first, so under a burst the work takes about a tenth of the process. Once no callback has
 * arrived for this long, slices follow each other at once and the backlog is worked off at full speed.
 * At ordinary rates a slice empties the queue and this never applies.
 */
const BACKLOG_GAP_MS = 18;

const p = (name: string) => sql.placeholder(name);

/**
 * The first `limit` waiting rows from id `from` on, read along the primary key. Rows are processed in
 * id order and ids only grow, so the processor knows where the waiting rows start (`from`): this reads
 * a batch, never the whole backlog. (Through the status index, ordering by id sorted every waiting row
 * for each batch of ten, which made working off a burst quadratic.) The `+` keeps SQLite off that index.
 */
const waitingRows = (db: Db) =>
  prepared(db, "inbound.waiting", (db) =>
    db
      .select()
      .from(inboundEvents)
      .where(and(sql`+${inboundEvents.status} = 'received'`, gte(inboundEvents.id, p("from"))))
      .orderBy(asc(inboundEvents.id))
      .limit(p("limit"))
      .prepare(),
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
  handlers?: Readonly<Record<string, CardClickHandler>>;
  /** Called after effects commit, so the outbox can send the cards they queued. */
  onProcessed?: () => void;
}): InboundProcessor {
  const handlers = deps.handlers ?? CARD_CLICK_HANDLERS;
  let scheduled: Promise<void> | undefined;
  /**
   * No row below this id is `received`: every row up to the last batch committed is finished. Only this
   * processor finishes rows and new rows get higher ids, so it only moves up; runOnce starts again from
   * the first row (start-up, tests), in case rows were written by someone else meanwhile.
   */
  let from = 0;
  /** When the last callback woke the processor (performance.now()): the burst is over once this is old. */
  let lastWake = Number.NEGATIVE_INFINITY;

  const process = (ctx: Ctx, row: InboundEventRow): Outcome => {
    const event = row.event as InboundEvent;
    if (event.kind === "card_action") return processClick(ctx, event);
    if (event.type === CARD_CLICK_REFUSED) return processRefused(ctx, row.id, event);
    return { status: "ignored", outcome: `event ${event.type}` };
  };

  /**
   * A DingTalk click refused for its shape (the template's button is built wrong): one warning line
   * for the log, the admin's list (GET /api/v1/platform/refused-clicks) reads the row, and a test card
   * it names says so on the card.
   */
  const processRefused = (base: Ctx, inboundId: number, event: OtherEvent): Outcome => {
    const refusal = event.payload as CardClickRefusal;
    deps.logger.warn({ inboundId, platform: event.platform, ...refusal }, "card click refused for its shape");
    const outcome = `refused: ${refusal.reason}`;
    const found = refusal.outTrackId === undefined ? undefined : deliveryByTaskId(base, refusal.outTrackId);
    if (!found || found.delivery.platform !== event.platform || found.delivery.platformUserId !== refusal.userId) return { status: "ignored", outcome };
    const { card } = found;
    const reported = reportRefusedTestClick({ ctx: base, input: { cardId: card.id, refType: card.refType, content: cardContent(card), detail: refusal.detail } });
    return { status: "ignored", outcome: `${outcome}; ${reported}` };
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
      const click = {
        cardId: card.id,
        kind: card.kind,
        refType: card.refType,
        refId: card.refId,
        content: cardContent(card),
        actionKey: event.actionKey,
        platform: event.platform,
        ...(event.actionId === undefined ? {} : { actionId: event.actionId }),
      };
      const outcome = handler({ ctx: { ...base, actor }, input: click });
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
      const rows = waitingRows(deps.db).all({ from, limit: BATCH });
      const last = rows[rows.length - 1];
      if (!last) return { done, more: false };
      const results = connectionOf(deps.db)
        .transaction(() => rows.map(processRow))
        .immediate();
      from = last.id + 1;
      rows.forEach((row, i) => {
        deps.logger.info({ inboundId: row.id, platform: row.platform, kind: row.kind, ...results[i] }, "callback processed");
      });
      done += rows.length;
      if (rows.length === BATCH && performance.now() >= until) return { done, more: true };
    }
  };

  const runOnce = (): number => {
    from = 0;
    const { done } = drain(Number.POSITIVE_INFINITY);
    if (done > 0) deps.onProcessed?.();
    return done;
  };

  return {
    runOnce,
    wake() {
      lastWake = performance.now();
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
            if (performance.now() - lastWake < BACKLOG_GAP_MS) setTimeout(slice, BACKLOG_GAP_MS);
            else setImmediate(slice);
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
