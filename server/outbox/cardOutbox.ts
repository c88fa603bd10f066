// Cards as the domain sends them: one neutral card, one delivery per recipient (each person's copy
// has its own platform task id, response code and rate budget), outbox rows in the caller's
// transaction. Which platform a person gets it on is decided at delivery, from their accounts.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { CardContent } from "../../cards/cardModel";
import { cardDeliveries, cards, type CardDeliveryRow, type CardRecord } from "../db/schema";
import type { Ctx } from "../core/context";
import { inTransaction } from "../core/context";
import { prepared } from "../db/prepared";
import { enqueueOutbox } from "./enqueueOutbox";

export type SendCardCommand = {
  kind: string;
  refType: string;
  refId: string;
  content: CardContent;
  staffIds: number[];
  /** Deliver not before this instant (quiet hours); updates of the card wait behind the send. */
  notBefore?: number;
};

/** `xg-<card>-<staff>-<random>`: legal on both platforms (letters, digits, '-'), never reused. */
export function deliveryTaskId(cardId: number, staffId: number): string {
  return `xg-${cardId}-${staffId}-${randomBytes(5).toString("hex")}`;
}

/** Records a card for each recipient and queues its delivery. Returns the card id. */
export function sendCard(ctx: Ctx, cmd: SendCardCommand): number {
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const staffIds = [...new Set(cmd.staffIds)];
    const card = tx.db
      .insert(cards)
      .values({ kind: cmd.kind, refType: cmd.refType, refId: cmd.refId, model: cmd.content, createdAt: now, updatedAt: now })
      .returning({ id: cards.id })
      .get();
    for (const staffId of staffIds) addDelivery(tx, card.id, staffId, cmd.notBefore);
    return card.id;
  });
}

/** Adds one more recipient to an existing card (e.g. an escalation) and queues its delivery. */
export function addCardRecipient(ctx: Ctx, cardId: number, staffId: number, notBefore?: number): void {
  inTransaction(ctx, (tx) => {
    const existing = tx.db
      .select({ id: cardDeliveries.id })
      .from(cardDeliveries)
      .where(and(eq(cardDeliveries.cardId, cardId), eq(cardDeliveries.staffId, staffId)))
      .get();
    if (!existing) addDelivery(tx, cardId, staffId, notBefore);
  });
}

function addDelivery(ctx: Ctx, cardId: number, staffId: number, notBefore?: number): void {
  const now = ctx.clock.now();
  const delivery = ctx.db
    .insert(cardDeliveries)
    .values({ cardId, staffId, taskId: deliveryTaskId(cardId, staffId), createdAt: now, updatedAt: now })
    .returning({ id: cardDeliveries.id })
    .get();
  enqueueOutbox(ctx, {
    kind: "card.send",
    dedupeKey: `card.send:${delivery.id}`,
    orderingKey: `delivery:${delivery.id}`,
    payload: { deliveryId: delivery.id },
    ...(notBefore !== undefined ? { notBefore } : {}),
  });
}

/**
 * Replaces the card's content and queues an update of every copy. Updates coalesce: a copy that
 * already shows a newer version skips the older update.
 */
export function updateCard(ctx: Ctx, cardId: number, content: CardContent): void {
  inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    // Prepared: every acknowledged click and every decision updates a card.
    const card = prepared(tx.db, "cards.update", (db) =>
      db
        .update(cards)
        .set({ model: sql.placeholder("model"), version: sql`${cards.version} + 1`, updatedAt: sql`${sql.placeholder("now")}` })
        .where(eq(cards.id, sql.placeholder("cardId")))
        .returning({ version: cards.version })
        .prepare(),
    ).get({ model: content, now, cardId });
    if (!card) throw new Error(`card ${cardId} does not exist`);
    const deliveries = prepared(tx.db, "cards.deliveryIds", (db) =>
      db.select({ id: cardDeliveries.id }).from(cardDeliveries).where(eq(cardDeliveries.cardId, sql.placeholder("cardId"))).prepare(),
    ).all({ cardId });
    for (const d of deliveries) {
      enqueueOutbox(tx, {
        kind: "card.update",
        dedupeKey: `card.update:${d.id}:v${card.version}`,
        orderingKey: `delivery:${d.id}`,
        payload: { deliveryId: d.id },
      });
    }
  });
}

/** Replaces the content of every card of `kind` about (`refType`, `refId`) (a step's first card and its reminders). */
export function updateCardsAbout(ctx: Ctx, about: { kind: string; refType: string; refId: string }, content: CardContent): void {
  const rows = ctx.db
    .select({ id: cards.id })
    .from(cards)
    .where(and(eq(cards.kind, about.kind), eq(cards.refType, about.refType), eq(cards.refId, about.refId)))
    .all();
  for (const card of rows) updateCard(ctx, card.id, content);
}

/** The copy a click names (its platform task id), with its card (a prepared query: every click asks). */
export function deliveryByTaskId(ctx: Ctx, taskId: string): { delivery: CardDeliveryRow; card: CardRecord } | undefined {
  return prepared(ctx.db, "cards.deliveryByTaskId", (db) =>
    db
      .select({ delivery: cardDeliveries, card: cards })
      .from(cardDeliveries)
      .innerJoin(cards, eq(cards.id, cardDeliveries.cardId))
      .where(eq(cardDeliveries.taskId, sql.placeholder("taskId")))
      .prepare(),
  ).get({ taskId });
}

/** The current content of a card. */
export function cardContent(card: CardRecord): CardContent {
  return card.model as CardContent;
}

/** Keeps the newest WeCom response code a click gave for this copy (one code updates it once). */
export function keepResponseCode(ctx: Ctx, deliveryId: number, code: string): void {
  const now = ctx.clock.now();
  prepared(ctx.db, "cards.keepResponseCode", (db) =>
    db
      .update(cardDeliveries)
      .set({ responseCode: sql`${sql.placeholder("code")}`, responseCodeAt: sql`${sql.placeholder("now")}`, updatedAt: sql`${sql.placeholder("now")}` })
      .where(eq(cardDeliveries.id, sql.placeholder("deliveryId")))
      .prepare(),
  ).run({ code, now, deliveryId });
}
