// A button click on one of our interactive cards, as DingTalk reports it in both modes: the HTTP
// card callback (POSTed to the registered callbackUrl, signed with x-ddpaas-* headers) and the
// Stream CALLBACK frame on /v1.0/card/instances/callback carry the same JSON. Two shapes are
// documented, and both are read (docs/platforms/dingtalk.md §3):
// - event-callback-card and the Go Stream SDK (card/model.go): `{type:"actionCallback", outTrackId,
//   corpId, userId, content:"{\"cardPrivateData\":{\"actionIds\":[…],\"params\":{…}}}"}`;
// - the card builder's interaction page: no `type`, the JSON string in `value`, and `params` beside
//   `cardPrivateData` (`{"cardPrivateData":{"actionIds":[…]},"params":{…}}`).
// Our template puts the button's CardModel key in params.key (cards/README.md). A signed callback we
// cannot read as a click is not dropped: it becomes a `card_click_refused` event that says exactly
// what arrived, so the admin sees it (GET /api/v1/platform/refused-clicks) and the log has a line.
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import type { CardActionEvent, InboundEvent, OtherEvent } from "../types";
import { CARD_CLICK_REFUSED, type CardClickRefusal } from "../../../shared/cardClickRefusal";


const envelopeSchema = z
  .object({
    type: z.string().optional(),
    outTrackId: z.string().optional(),
    userId: z.string().optional(),
    content: z.unknown().optional(),
    value: z.unknown().optional(),
    params: z.unknown().optional(),
  })
  .loose();

const recordSchema = z.record(z.string(), z.unknown());
const privateDataSchema = z
  .object({ actionIds: z.array(z.string()).optional(), params: z.unknown().optional() })
  .loose();

/** The dedupe key of a click: DingTalk redelivers the same click with the same card, user and button. */
export function cardEventKey(outTrackId: string, userId: string, actionKey: string): string {
  return `card:${outTrackId}:${userId}:${actionKey}`;
}

/** A JSON object given as an object or as a JSON string; undefined for anything else. */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const parsed = recordSchema.safeParse(v);
  return parsed.success && !Array.isArray(v) ? parsed.data : undefined;
}

function refused(payload: unknown, refusal: CardClickRefusal): OtherEvent {
  const digest = createHash("sha256").update(JSON.stringify(payload ?? null)).digest("hex").slice(0, 32);
  return { kind: "other", platform: "dingtalk", eventKey: `refused:${digest}`, type: CARD_CLICK_REFUSED, payload: refusal };
}

/**
 * The neutral event for a card callback payload (already JSON-parsed): a click on one of our buttons,
 * or a `card_click_refused` OtherEvent saying what arrived (another type, no card or user, unreadable
 * content, no params.key). Never throws: a signed callback is always recorded.
 */
export function decodeDingtalkCardCallback(payload: unknown, occurredAt?: number): InboundEvent {
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) return refused(payload, { reason: "unreadable_content", detail: "回调不是 JSON 对象" });
  const { type, outTrackId, userId } = envelope.data;
  const ids = { ...(outTrackId ? { outTrackId } : {}), ...(userId ? { userId } : {}) };
  if (type !== undefined && type !== "actionCallback") {
    return refused(payload, { reason: "not_action_callback", detail: `回调类型为“${type}”，不是按钮回传（actionCallback）`, ...ids });
  }
  if (!outTrackId || !userId) {
    return refused(payload, { reason: "no_card_or_user", detail: "回调缺少 outTrackId 或 userId", ...ids });
  }
  const body = objectOf(envelope.data.content ?? envelope.data.value);
  if (!body) return refused(payload, { reason: "unreadable_content", detail: "回调的 content / value 不是可读的 JSON", ...ids });
  const privateData = privateDataSchema.safeParse(body.cardPrivateData ?? {});
  const actionIds = privateData.success ? privateData.data.actionIds : undefined;
  // Inside cardPrivateData (event-callback-card, Go SDK), beside it (card builder), or beside content.
  const params = objectOf(privateData.success ? privateData.data.params : undefined) ?? objectOf(body.params) ?? objectOf(envelope.data.params);
  const key = params?.key;
  if (typeof key !== "string" || key === "") {
    const got = params ? `params 为 ${JSON.stringify(params)}` : "没有 params";
    return refused(payload, {
      reason: "missing_key",
      detail: `按钮回传缺少 params.key（${got}，按钮 id ${JSON.stringify(actionIds ?? [])}）：按钮的回传参数应为 key = \${actionNKey}`,
      ...ids,
      ...(actionIds ? { actionIds } : {}),
      ...(params ? { params } : {}),
    });
  }
  const [actionId] = actionIds ?? [];
  const event: CardActionEvent = {
    kind: "card_action",
    platform: "dingtalk",
    eventKey: cardEventKey(outTrackId, userId, key),
    userId,
    cardTaskId: outTrackId,
    actionKey: key,
    ...(actionId === undefined ? {} : { actionId }),
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
  return event;
}

/**
 * `x-ddpaas-signature` for a timestamp: base64(HMAC-SHA256(key = apiSecret, msg = timestamp)), as
 * the card platform computes it (docs: event-callback-card, calcSignature). The fake signs with it too.
 */
export function dingtalkCardSignature(apiSecret: string, timestamp: string): string {
  return createHmac("sha256", apiSecret).update(timestamp, "utf8").digest("base64");
}
