// What a click on each kind of card does. The processor has already checked that the card exists and
// that the clicker is the person this copy was sent to; a handler runs as that person (ctx.actor) and
// returns a short outcome for the inbound log. A handler must be safe to run twice for one click
// (the inbound key stops replays; the handler's own state check stops a second button on the card).
import type { CardDeliveryRow, CardRecord } from "../db/schema";
import type { Ctx } from "../core/context";
import { acknowledgeNotice, NOTICE_CARD_KIND } from "../domain/notices/acknowledgeNotice";
import { approvalCardAction } from "../domain/workflow/approvalCardAction";

export type CardClick = { card: CardRecord; delivery: CardDeliveryRow; actionKey: string };
export type CardActionHandler = (ctx: Ctx, click: CardClick) => string;

/** Card kind → handler. Kinds without a handler are recorded and ignored. */
export const CARD_ACTION_HANDLERS: Record<string, CardActionHandler> = {
  [NOTICE_CARD_KIND]: (ctx, click) => acknowledgeNotice(ctx, { cardId: click.card.id, actionKey: click.actionKey }),
  approval_task: approvalCardAction,
};
