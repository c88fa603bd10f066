// Step two: act on recorded callbacks after they were acknowledged, so the platform's deadline
// (WeCom 5 s, DingTalk 1.5–2.5 s) never waits on business work. Rows are processed once each:
// `received` → `processed` | `ignored` | `failed`, in the same transaction as the effect. Rows left
// `received` by a crash are picked up at the next start.
import { and, asc, eq } from "drizzle-orm";
import type { Clock } from "../clock";
import type { Db } from "../db/client";
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
  /** Schedules a run soon (after the current response is sent). */
  wake(): void;
  /** Resolves when no run is scheduled or running (tests, shutdown). */
  idle(): Promise<void>;
};

type Outcome = { status: "processed" | "ignored" | "failed"; outcome: string };

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

  const process = (row: InboundEventRow): Outcome => {
    const event = row.event as InboundEvent;
    if (event.kind !== "card_action") return { status: "ignored", outcome: `event ${event.type}` };
    return processClick(event);
  };

  const processClick = (event: CardActionEvent): Outcome => {
    const base: Ctx = { db: deps.db, clock: deps.clock, tz: deps.tz, actor: { kind: "system", name: "callback" } };
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

  const runOnce = (): number => {
    let done = 0;
    for (;;) {
      const rows = deps.db
        .select()
        .from(inboundEvents)
        .where(eq(inboundEvents.status, "received"))
        .orderBy(asc(inboundEvents.id))
        .limit(100)
        .all();
      if (rows.length === 0) break;
      for (const row of rows) {
        const ctx: Ctx = { db: deps.db, clock: deps.clock, tz: deps.tz, actor: { kind: "system", name: "callback" } };
        let result: Outcome;
        try {
          // The effect and the row's new status commit together: a crash leaves the row `received`.
          result = inTransaction(ctx, () => {
            const outcome = process(row);
            finish(ctx, row.id, outcome);
            return outcome;
          });
        } catch (err) {
          deps.logger.error({ err, inboundId: row.id, eventKey: row.eventKey }, "callback processing failed");
          result = { status: "failed", outcome: String((err as Error).message ?? err).slice(0, 500) };
          finish(ctx, row.id, result);
        }
        deps.logger.info({ inboundId: row.id, platform: row.platform, kind: row.kind, ...result }, "callback processed");
        done += 1;
      }
    }
    if (done > 0) deps.onProcessed?.();
    return done;
  };

  const finish = (ctx: Ctx, id: number, result: Outcome) => {
    ctx.db
      .update(inboundEvents)
      .set({ status: result.status, outcome: result.outcome, processedAt: ctx.clock.now(), attempts: 1 })
      .where(and(eq(inboundEvents.id, id), eq(inboundEvents.status, "received")))
      .run();
  };

  return {
    runOnce,
    wake() {
      if (scheduled) return;
      scheduled = new Promise<void>((resolve) => {
        setImmediate(() => {
          try {
            runOnce();
          } catch (err) {
            deps.logger.error({ err }, "callback processing run failed");
          } finally {
            scheduled = undefined;
            resolve();
          }
        });
      });
    },
    idle: () => scheduled ?? Promise.resolve(),
  };
}
