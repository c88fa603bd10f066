// The receiver behind POST /callbacks/dingtalk in HTTP mode. One URL takes two kinds of request:
// (a) the encrypted event subscription (query msg_signature/timestamp/nonce, body {"encrypt"}),
// opened by dingtalkCallbackCrypto.ts and answered with the encrypted "success" every event needs;
// (b) the interactive-card callback registered with /v1.0/card/callbacks/register, told apart by its
// x-ddpaas-signature headers, checked (HMAC, then freshness) before its body is read. Anything else
// is refused. Pure: the secrets and the time are passed in.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { CallbackRefused, DEFAULT_WINDOW_MS, assertFresh } from "../callbackCrypto";
import type { CallbackReceiver, CallbackReply, CallbackRequest, InboundEvent, OpenedCallback, OtherEvent } from "../types";
import { decodeDingtalkCardCallback, dingtalkCardSignature } from "./dingtalkCardCallback";
import { encryptFromBody, openCallback, sealSuccess, signedQuery } from "./dingtalkCallbackCrypto";

/** The console's token and aes_key, the app key (receive id of console subscriptions) and the card callback secret. */
export type DingtalkReceiverKeys = {
  token: string;
  aesKey: string;
  ownerKey: string;
  cardApiSecret: string;
  /** Freshness window for both kinds; ±5 minutes by default. */
  windowMs?: number;
};

const SIGNATURE_HEADER = "x-ddpaas-signature";
const TIMESTAMP_HEADER = "x-ddpaas-signature-timestamp";

/** The card callback's answer: no card change (the outbox updates the card afterwards). */
const CARD_ACK: CallbackReply = { status: 200, contentType: "application/json", body: "{}" };

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new CallbackRefused("bad_envelope", "body is not JSON");
  }
}

/**
 * A decrypted pushed event as a neutral event. Its key is DingTalk's `eventId` (the same id Stream
 * puts in headers.eventId); older events without one are keyed by a hash of their content.
 */
export function decodeDingtalkEvent(event: Record<string, unknown>): OtherEvent {
  const type = typeof event.EventType === "string" && event.EventType !== "" ? event.EventType : "unknown";
  const eventKey =
    typeof event.eventId === "string" && event.eventId !== ""
      ? event.eventId
      : `sha256:${createHash("sha256").update(JSON.stringify(event)).digest("hex")}`;
  return { kind: "other", platform: "dingtalk", eventKey, type, payload: event };
}

/** Compares the x-ddpaas-signature in constant time; either header missing is a bad signature. */
function assertCardSignature(apiSecret: string, timestamp: string | undefined, signature: string | undefined): string {
  if (timestamp === undefined || signature === undefined || timestamp === "" || signature === "") {
    throw new CallbackRefused("bad_signature", "card callback without both signature headers");
  }
  const expected = Buffer.from(dingtalkCardSignature(apiSecret, timestamp), "utf8");
  const given = Buffer.from(signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CallbackRefused("bad_signature", "card callback signature does not match");
  }
  return timestamp;
}

/** A nonce like the official sample's: letters and digits. */
function freshNonce(): string {
  return randomBytes(12).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, 16) || "xueguan";
}

/** The receiver for one app (config DINGTALK_TOKEN, DINGTALK_AES_KEY, DINGTALK_APP_KEY and the card callback secret). */
export function createDingtalkReceiver(keys: DingtalkReceiverKeys): CallbackReceiver {
  const windowMs = keys.windowMs ?? DEFAULT_WINDOW_MS;
  const crypto = { token: keys.token, aesKey: keys.aesKey, ownerKey: keys.ownerKey };

  function openCard(request: CallbackRequest, now: number): OpenedCallback {
    const timestamp = assertCardSignature(keys.cardApiSecret, request.headers[TIMESTAMP_HEADER], request.headers[SIGNATURE_HEADER]);
    assertFresh(timestamp, now, windowMs);
    // Signed and fresh: recorded even when it is not a click we can act on (a refused-shape event the
    // admin sees), and answered, since DingTalk does not send a card callback again.
    return { events: [decodeDingtalkCardCallback(parseJson(request.body), Number(timestamp))], reply: CARD_ACK };
  }

  function openEvent(request: CallbackRequest, now: number): OpenedCallback {
    const encrypt = encryptFromBody(parseJson(request.body));
    const { msgSignature, timestamp, nonce } = signedQuery(request.query);
    const { event } = openCallback({ ...crypto, msgSignature, timestamp, nonce, encrypt, now, windowMs });
    const sealed = sealSuccess({ ...crypto, timestamp: String(now), nonce: freshNonce() });
    const reply: CallbackReply = { status: 200, contentType: "application/json", body: JSON.stringify(sealed) };
    const events: InboundEvent[] = event.EventType === "check_url" ? [] : [decodeDingtalkEvent(event)];
    return { events, reply };
  }

  return {
    open(request: CallbackRequest, now: number): OpenedCallback {
      if (request.method !== "POST") throw new CallbackRefused("bad_envelope", "DingTalk callbacks are POSTs");
      if (request.headers[SIGNATURE_HEADER] !== undefined || request.headers[TIMESTAMP_HEADER] !== undefined) {
        return openCard(request, now);
      }
      const { msgSignature } = signedQuery(request.query);
      if (msgSignature === undefined) throw new CallbackRefused("bad_envelope", "neither an event nor a card callback");
      return openEvent(request, now);
    },
  };
}
