// A notice card (通知卡片) carries one button, 知道了. Acknowledging it turns every copy of the card
// into "已确认 · 王芳 · 11-23 10:05"; a later click (a second button press, another recipient) finds
// the card already acknowledged and changes nothing.
import { eq, sql } from "drizzle-orm";
import { monthDayTime } from "../../core/clock";
import { prepared } from "../../db/prepared";
import { cards } from "../../db/schema";
import { conflict, notFound } from "../../core/errors";
import { cardContent, updateCard } from "../../outbox/cardOutbox";
import type { Ctx } from "../../core/context";

export const NOTICE_CARD_KIND = "notice";
export const NOTICE_ACK_KEY = "ack";

/** Records who acknowledged the notice on the card itself. Returns the outcome for the inbound log. */
export function acknowledgeNotice(ctx: Ctx, input: { cardId: number; actionKey: string }): string {
  if (input.actionKey !== NOTICE_ACK_KEY) throw conflict(`通知卡片没有“${input.actionKey}”按钮`);
  const card = prepared(ctx.db, "notices.card", (db) => db.select().from(cards).where(eq(cards.id, sql.placeholder("cardId"))).prepare()).get({
    cardId: input.cardId,
  });
  if (!card || card.kind !== NOTICE_CARD_KIND) throw notFound("通知卡片");
  const content = cardContent(card);
  if (content.state) return `already: ${content.state}`;
  const who = ctx.actor.kind === "system" ? "系统" : ctx.actor.name;
  const state = `已确认 · ${who} · ${monthDayTime(ctx.clock.now(), ctx.tz)}`;
  updateCard(ctx, card.id, { ...content, actions: [], state });
  return state;
}
