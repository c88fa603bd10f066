// A click on the connection test card: acknowledged like any notice ("已确认 · 许婷 · 3月2日 09:00"),
// and, when it came from DingTalk, the state also says whether the card template's button is right
// ("（模板按钮正常）" or exactly what arrived instead), so the admin reads the verdict on the card itself.
import type { z } from "zod";
import { monthDayTime } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { notFound } from "../../core/errors";
import { parseInput } from "../../core/input";
import { updateCard } from "../../outbox/messages";
import type { CardContent } from "../../../cards/cardModel";
import { acknowledgedNotice, NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { cardClickSchema } from "./cardClick";
import { dingtalkTemplateVerdict, refusedClickVerdict, TEST_CARD_REF_TYPE } from "./templateCheck";

/** Acknowledges the test card, with the template verdict for a DingTalk click. Returns the outcome for the inbound log. */
export function testCardClick({ ctx, input }: { ctx: Ctx; input: z.input<typeof cardClickSchema> }): string {
  const click = parseInput(cardClickSchema, input);
  if (click.kind !== NOTICE_CARD_KIND || click.refType !== TEST_CARD_REF_TYPE) throw notFound("测试卡片");
  if (click.content.state) return `already: ${click.content.state}`;
  const who = ctx.actor.kind === "system" ? "系统" : ctx.actor.name;
  const acknowledged = acknowledgedNotice(click.content, { who, at: monthDayTime(ctx.clock.now(), ctx.tz) });
  const verdict = click.platform === "dingtalk" ? dingtalkTemplateVerdict(click) : undefined;
  const content = verdict ? { ...acknowledged, state: `${acknowledged.state ?? ""}（${verdict.message}）` } : acknowledged;
  updateCard(ctx, click.cardId, content);
  return content.state ?? "";
}

/**
 * A DingTalk click on a test card that was refused for its shape (no params.key, unreadable): the card
 * says so, since no handler can run for it. Returns the outcome for the inbound log.
 */
export function reportRefusedTestClick({ ctx, input }: { ctx: Ctx; input: { cardId: number; refType: string; content: CardContent; detail: string } }): string {
  if (input.refType !== TEST_CARD_REF_TYPE) return "not a test card";
  if (input.content.state) return `already: ${input.content.state}`;
  const state = refusedClickVerdict(input.detail).message;
  updateCard(ctx, input.cardId, { ...input.content, actions: [], state });
  return state;
}
