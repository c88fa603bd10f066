// A click on the queue card's 认领 claims the ticket as the person the copy was sent to. A late click
// (someone else was first) changes nothing but brings the clicker's copy up to date: it shows who has
// the ticket.
import type { z } from "zod";
import { ServiceError } from "../../core/errors";
import { parseInput } from "../../core/input";
import type { Ctx } from "../../core/context";
import { cardClickSchema } from "../cardClicks/cardClick";
import { TICKET_CLAIM_KEY } from "../../../cards/ticketCards";
import { claimTicket } from "./claimTicket";
import { settleClaimCards, TICKET_CARD_REF } from "./ticketCards";
import { getTicketRow, getTicketType } from "./ticketRecords";

export function ticketClaimCardAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof cardClickSchema> }): string {
  const click = parseInput(cardClickSchema, input);
  const ticketId = Number(click.refId);
  if (click.refType !== TICKET_CARD_REF || !Number.isInteger(ticketId)) return `not a ticket card: ${click.refType}:${click.refId}`;
  if (click.actionKey !== TICKET_CLAIM_KEY) return `unknown action ${click.actionKey}`;
  try {
    const t = claimTicket({ ctx, input: { ticketId } });
    return `claimed ticket ${t.id}`;
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    const t = getTicketRow(ctx, ticketId);
    if (t.assigneeId !== null && click.content.state === undefined) settleClaimCards(ctx, t, getTicketType(ctx, t.typeId), "分派");
    return `${err.code}: ${err.message}`;
  }
}
