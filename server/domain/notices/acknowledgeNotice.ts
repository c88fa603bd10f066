// A notice card (通知卡片) carries one button, 知道了. Acknowledging it turns every copy of the card
// into "已确认 · 王芳 · 11-23 10:05"; a later click (a second button press, another recipient) finds
// the card already acknowledged and changes nothing.
import type { z } from "zod";
import { monthDayTime } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { conflict, notFound } from "../../core/errors";
import { parseInput } from "../../core/input";
import { updateCard } from "../../outbox/messages";
import { acknowledgedNotice, NOTICE_ACK_KEY, NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { cardClickSchema } from "../cardClicks/cardClick";


/** Records who acknowledged the notice on the card itself. Returns the outcome for the inbound log. */
export function acknowledgeNotice({ ctx, input }: { ctx: Ctx; input: z.input<typeof cardClickSchema> }): string {
  const click = parseInput(cardClickSchema, input);
  if (click.actionKey !== NOTICE_ACK_KEY) throw conflict(`通知卡片没有“${click.actionKey}”按钮`);
  if (click.kind !== NOTICE_CARD_KIND) throw notFound("通知卡片");
  if (click.content.state) return `already: ${click.content.state}`;
  const who = ctx.actor.kind === "system" ? "系统" : ctx.actor.name;
  const content = acknowledgedNotice(click.content, { who, at: monthDayTime(ctx.clock.now(), ctx.tz) });
  updateCard(ctx, click.cardId, content);
  return content.state ?? "";
}
