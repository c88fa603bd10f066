// A button click on one of our interactive cards, as DingTalk reports it in both modes: the HTTP
// card callback (POSTed to the registered callbackUrl, signed with x-ddpaas-* headers) and the
// Stream CALLBACK frame on /v1.0/card/instances/callback carry the same JSON (docs: event-callback-card):
// `{type:"actionCallback", outTrackId, corpId, userId, content:"{\"cardPrivateData\":{\"actionIds\":[…],
// \"params\":{…}}}"}`. Our template puts the button's CardModel key in params.key (cards/dingtalkCard.ts).
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { CardActionEvent } from "../types";

const callbackSchema = z
  .object({
    type: z.literal("actionCallback"),
    outTrackId: z.string().min(1),
    userId: z.string().min(1),
    // The callback guide's example names it `value`; the event-callback page and Stream use `content`.
    content: z.string().optional(),
    value: z.string().optional(),
  })
  .loose();

const contentSchema = z.object({
  cardPrivateData: z
    .object({
      actionIds: z.array(z.string()).optional(),
      params: z.object({ key: z.string().min(1) }).loose(),
    })
    .loose(),
});

/** The dedupe key of a click: DingTalk redelivers the same click with the same card, user and button. */
export function cardEventKey(outTrackId: string, userId: string, actionKey: string): string {
  return `card:${outTrackId}:${userId}:${actionKey}`;
}

/**
 * The neutral event for a card callback payload (already JSON-parsed), or undefined when it is not
 * a click on one of our buttons (another type, no params.key, unreadable content).
 */
export function decodeDingtalkCardCallback(payload: unknown, occurredAt?: number): CardActionEvent | undefined {
  const callback = callbackSchema.safeParse(payload);
  if (!callback.success) return undefined;
  const raw = callback.data.content ?? callback.data.value;
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const content = contentSchema.safeParse(json);
  if (!content.success) return undefined;
  const { outTrackId, userId } = callback.data;
  const actionKey = content.data.cardPrivateData.params.key;
  return {
    kind: "card_action",
    platform: "dingtalk",
    eventKey: cardEventKey(outTrackId, userId, actionKey),
    userId,
    cardTaskId: outTrackId,
    actionKey,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
}

/**
 * `x-ddpaas-signature` for a timestamp: base64(HMAC-SHA256(key = apiSecret, msg = timestamp)), as
 * the card platform computes it (docs: event-callback-card, calcSignature). The fake signs with it too.
 */
export function dingtalkCardSignature(apiSecret: string, timestamp: string): string {
  return createHmac("sha256", apiSecret).update(timestamp, "utf8").digest("base64");
}
