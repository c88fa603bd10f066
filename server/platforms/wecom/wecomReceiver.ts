// WeCom's HTTP callbacks for a self-built app: the GET URL check when the admin saves the callback
// settings, and POSTed encrypted XML events. The crypto (wecomCallbackCrypto.ts) verifies and
// decrypts and throws CallbackRefused on anything forged, stale or malformed; this file only decodes
// the plaintext into neutral events and builds the acknowledgement.
import type { WecomConfig } from "../platformConfig";
import { CallbackRefused } from "../callbackCrypto";
import type { CallbackReceiver, CallbackReply, CallbackRequest, InboundEvent, OpenedCallback } from "../types";
import { openCallback, verifyUrl, type WecomCryptoKeys } from "./wecomCallbackCrypto";

/** WeCom's documented asynchronous ack: HTTP 200 with an empty body, then reply via the API. */
const EMPTY_ACK: CallbackReply = { status: 200, contentType: "text/plain", body: "" };

const CREATE_TIME = /^\d{1,12}$/;

/** The fields a card click must carry (non-empty; CreateTime up to 12 digits), or undefined. */
function cardEventFields(message: Record<string, string>) {
  const { FromUserName, CreateTime, TaskId, EventKey, ResponseCode } = message;
  if (!FromUserName || !TaskId || !EventKey || CreateTime === undefined || !CREATE_TIME.test(CreateTime)) return undefined;
  return { FromUserName, CreateTime, TaskId, EventKey, ResponseCode };
}

/** The secrets the crypto needs, from the app config. */
function keysOf(config: WecomConfig): WecomCryptoKeys {
  return { token: config.token, aesKey: config.encodingAesKey, corpId: config.corpId };
}

/**
 * One decrypted callback message as a neutral event. Dedupe keys follow WeCom's advice (docs/platforms/wecom.md §3):
 * messages by MsgId, events by FromUserName + CreateTime, card clicks also by TaskId + EventKey.
 */
export function decodeWecomMessage(message: Record<string, string>): InboundEvent {
  const from = message.FromUserName ?? "";
  const createTime = message.CreateTime ?? "";
  if (message.MsgType === "event" && message.Event === "template_card_event") {
    const card = cardEventFields(message);
    if (card) {
      const { FromUserName, CreateTime, TaskId, EventKey, ResponseCode } = card;
      return {
        kind: "card_action",
        platform: "wecom",
        eventKey: `${FromUserName}:${CreateTime}:${TaskId}:${EventKey}`,
        userId: FromUserName,
        cardTaskId: TaskId,
        actionKey: EventKey,
        ...(ResponseCode ? { responseCode: ResponseCode } : {}),
        occurredAt: Number(CreateTime) * 1000,
      };
    }
  }
  if (message.MsgId) {
    return { kind: "other", platform: "wecom", eventKey: `msg:${message.MsgId}`, type: message.MsgType ?? "message", payload: message };
  }
  const type = message.Event ?? message.MsgType ?? "unknown";
  return { kind: "other", platform: "wecom", eventKey: `${from}:${createTime}:${type}`, type, payload: message };
}

/**
 * The receiver behind `/callbacks/wecom`. GET with `echostr` answers the decrypted echo as the exact
 * body; POST yields one event and the empty 200 ack. Query: msg_signature, timestamp, nonce, echostr.
 */
export function createWecomReceiver(config: WecomConfig): CallbackReceiver {
  const keys = keysOf(config);
  return {
    open(request: CallbackRequest, now: number): OpenedCallback {
      const { query } = request;
      // One object per request, built field by field (this runs on every callback).
      const signed = {
        token: keys.token,
        aesKey: keys.aesKey,
        corpId: keys.corpId,
        msgSignature: query.msg_signature ?? "",
        timestamp: query.timestamp ?? "",
        nonce: query.nonce ?? "",
        now,
        echostr: query.echostr ?? "",
        body: request.body,
      };
      if (request.method === "GET") {
        if (query.echostr === undefined) throw new CallbackRefused("bad_envelope", "GET without echostr");
        const echo = verifyUrl(signed);
        return { events: [], reply: { status: 200, contentType: "text/plain", body: echo } };
      }
      const { message } = openCallback(signed);
      return { events: [decodeWecomMessage(message)], reply: EMPTY_ACK };
    },
  };
}
