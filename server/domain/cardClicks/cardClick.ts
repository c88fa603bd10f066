// A button pressed on one of our cards, as the domain sees it: which card (its kind, what it is about,
// its content now) and which button. inbound/ has already checked that the card exists and that the
// clicker is the person this copy was sent to; a handler runs as that person (ctx.actor).
import { z } from "zod";
import type { CardContent } from "../../../cards/cardModel";
import type { Ctx } from "../../core/context";
import { idSchema } from "../../core/input";

/** The input of every card-click verb (each handler parses it). */
export const cardClickSchema = z.object({
  cardId: idSchema,
  kind: z.string(),
  refType: z.string(),
  refId: z.string(),
  /** The card's content when the click is processed (in the same transaction as the handler). */
  content: z.custom<CardContent>((v) => typeof v === "object" && v !== null),
  actionKey: z.string(),
  /** Where the click came from, and (DingTalk) the template's button id: the template self-check reads them. */
  platform: z.string().optional(),
  actionId: z.string().optional(),
});

export type CardClick = z.output<typeof cardClickSchema>;

/**
 * What a click on one kind of card does; returns a short outcome for the inbound log. Must be safe to
 * run twice for one click: the inbound key stops replays, the handler's own state check stops a
 * second button on the same card.
 */
export type CardClickHandler = (args: { ctx: Ctx; input: z.input<typeof cardClickSchema> }) => string;
