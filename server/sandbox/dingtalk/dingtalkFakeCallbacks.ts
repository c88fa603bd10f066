// What the fake DingTalk sends to the app, built from the protocol (docs/platforms/dingtalk.md §1–3; the
// event-callback-card page): a card button click (HTTP: the card callback JSON POSTed to the
// registered callbackUrl with x-ddpaas-* signature headers; Stream: a CALLBACK frame on
// /v1.0/card/instances/callback) and pushed events (HTTP: the encrypted, signed event POSTed to
// /callbacks/dingtalk with the app key as receive id; Stream: an EVENT frame). The HTTP reply to an
// event is checked like DingTalk checks it. AES and the sha1 signature come from the official
// `@wecom/crypto`; the card signature is computed here. The builders are pure and exported so
// test/platforms/sandbox/recordedPayloads.test.ts can hold them to the published samples.
import { createHmac, randomBytes } from "node:crypto";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { z } from "zod";
import type { SandboxFakeDeps } from "../sandboxTypes";
import { cardButtons, isDecided } from "./dingtalkCardView";
import { randomHex, type DingtalkFakeState } from "./dingtalkFakeState";
import type { DingtalkStreamGateway } from "./dingtalkStreamGateway";

/** The card callback topic (dingtalk-stream's TOPIC_CARD). */
export const CARD_CALLBACK_TOPIC = "/v1.0/card/instances/callback";

/**
 * The topic of pushed EVENT frames: "*", the one topic events are subscribed under and the one the
 * protocol page's event push sample carries (its other sample says "dingTalk"); clients route EVENT
 * frames by type, and the event type travels in headers.eventType.
 */
export const EVENT_TOPIC = "*";

/** The app's ids and event secrets as configured in the (fake) developer console. */
export type FakeCallbackApp = { corpId: string; appKey: string; token: string; aesKey: string };

/** How long the fake waits for the app (DingTalk wants an answer within 2–2.5 s; some slack). */
const CALLBACK_TIMEOUT_MS = 10_000;

/** The outcome of a pushed event: how it went and whether the app acknowledged it properly. */
export type DingtalkPushResult = {
  via: "http" | "stream";
  eventId: string;
  status: number;
  body: string;
  /** HTTP: the reply decrypts to "success" under a valid signature. Stream: acked SUCCESS. */
  acknowledged: boolean;
};

const sealedReplySchema = z.object({
  msg_signature: z.string(),
  timeStamp: z.string(),
  nonce: z.string(),
  encrypt: z.string(),
});

function nonce(): string {
  return randomBytes(8).toString("base64").replace(/[^A-Za-z0-9]/g, "") || "sandbox";
}

/**
 * `x-ddpaas-signature` for a timestamp, as the card platform signs its HTTP callbacks
 * (event-callback-card, 回调签名验证: calcSignature(apiSecret, ts) = Base64(HmacSHA256(key = the
 * apiSecret's bytes, message = the decimal timestamp's bytes))).
 */
export function ddpaasSignature(apiSecret: string, timestamp: string): string {
  return createHmac("sha256", Buffer.from(apiSecret, "utf8")).update(Buffer.from(timestamp, "utf8")).digest("base64");
}

/**
 * A click as the card callback reports it: which card, who, which button (its id and our template's
 * `key` param). `params` replaces `{ key }` to play a template built wrong (a missing or misnamed key).
 */
export type CardClick = { outTrackId: string; corpId: string; userId: string; actionId: string; key: string; params?: Record<string, string> };

/**
 * The two documented shapes of the click: `event-callback` (the event-callback-card page and the Go
 * Stream SDK's card/model.go: `type: actionCallback`, params inside cardPrivateData, in `content`) and
 * `card-builder` (the card builder's interaction page: no `type`, `value`, params beside cardPrivateData).
 */
export type CardCallbackShape = "event-callback" | "card-builder";

/**
 * The card callback body, the same in HTTP and Stream mode, in one of the two shapes (fields in the
 * samples' order; `content` / `value` a JSON string). Our card template passes the button's key as
 * `params.key` (cards/README.md).
 */
export function cardCallbackPayload(click: CardClick, shape: CardCallbackShape = "event-callback"): Record<string, string> {
  const params = click.params ?? { key: click.key };
  if (shape === "card-builder") {
    return {
      outTrackId: click.outTrackId,
      corpId: click.corpId,
      userId: click.userId,
      value: JSON.stringify({ cardPrivateData: { actionIds: [click.actionId] }, params }),
    };
  }
  return {
    type: "actionCallback",
    outTrackId: click.outTrackId,
    corpId: click.corpId,
    userId: click.userId,
    content: JSON.stringify({ cardPrivateData: { actionIds: [click.actionId], params } }),
  };
}

/** How the fake's client sends a click: which shape, and (to play a template built wrong) another button id or params. */
export type ClickOptions = { shape?: CardCallbackShape; actionId?: string; params?: Record<string, string> };

/** The HTTP card callback: the JSON body, signed with the route's apiSecret when it has one. */
export function cardCallbackRequest(
  payload: Record<string, string>,
  apiSecret: string | undefined,
  timestamp: string,
): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (apiSecret) {
    headers["x-ddpaas-signature-timestamp"] = timestamp;
    headers["x-ddpaas-signature"] = ddpaasSignature(apiSecret, timestamp);
  }
  return { headers, body: JSON.stringify(payload) };
}

/** The values an event push is signed with, and the plaintext's 16 random bytes (fresh unless a test fixes them). */
export type EventSeal = { timestamp: string; nonce: string; random?: Buffer };

/**
 * An HTTP-pushed event (docs/platforms/dingtalk.md §1): the JSON encrypted with the app key as receive id, the query
 * `msg_signature`/`timestamp`/`nonce` signed over the ciphertext, the body `{"encrypt": …}`.
 */
export function sealedEvent(
  app: FakeCallbackApp,
  event: Record<string, unknown>,
  seal: EventSeal,
): { query: { msg_signature: string; timestamp: string; nonce: string }; body: string } {
  const ciphertext = encrypt(app.aesKey, JSON.stringify(event), app.appKey, seal.random);
  return {
    query: { msg_signature: getSignature(app.token, seal.timestamp, seal.nonce, ciphertext), timestamp: seal.timestamp, nonce: seal.nonce },
    body: JSON.stringify({ encrypt: ciphertext }),
  };
}

/**
 * Clicks `actionKey` on the member's copy of `taskId`: HTTP cards post to the URL registered under the
 * card's route key (signed with its apiSecret); STREAM cards go over the gateway and resolve with the
 * client's acknowledgement. Refuses buttons not on the card and cards that show a final state.
 */
export async function clickCard(
  app: FakeCallbackApp,
  deps: SandboxFakeDeps,
  state: DingtalkFakeState,
  gateway: DingtalkStreamGateway,
  input: { userId: string; taskId: string; actionKey: string } & ClickOptions,
): Promise<{ status: number; body: string }> {
  const card = state.cards.get(input.taskId);
  if (!card || !card.recipients.includes(input.userId)) throw new Error(`${input.userId} has no DingTalk card ${input.taskId}`);
  if (isDecided(card.params)) throw new Error(`card ${input.taskId} already shows "${card.params.state ?? ""}"; its buttons are gone`);
  const button = cardButtons(card.params).find((b) => b.key === input.actionKey);
  if (!button) throw new Error(`card ${input.taskId} has no button "${input.actionKey}"`);
  if (button.url !== undefined) throw new Error(`button "${input.actionKey}" of card ${input.taskId} opens ${button.url}; it sends no callback`);
  const payload = cardCallbackPayload(
    {
      outTrackId: card.outTrackId,
      corpId: app.corpId,
      userId: input.userId,
      actionId: input.actionId ?? button.actionId,
      key: button.key,
      ...(input.params ? { params: input.params } : {}),
    },
    input.shape,
  );

  if (card.callbackType === "STREAM") {
    const ack = await gateway.send("CALLBACK", CARD_CALLBACK_TOPIC, payload);
    return { status: ack.code, body: typeof ack.data === "string" ? ack.data : JSON.stringify(ack.data ?? null) };
  }
  const route = card.routeKey === undefined ? undefined : state.routes.get(card.routeKey);
  if (!route) throw new Error(`card ${input.taskId} has no registered callback route`);
  const { headers, body } = cardCallbackRequest(payload, route.apiSecret, String(deps.clock.now()));
  const res = await fetch(route.url, { method: "POST", headers, body, signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
  return { status: res.status, body: await res.text() };
}

/** Whether `body` is DingTalk's expected reply: signed, and decrypting to "success" for this app. */
export function isSealedSuccess(app: FakeCallbackApp, body: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return false;
  }
  const reply = sealedReplySchema.safeParse(json);
  if (!reply.success) return false;
  const { msg_signature, timeStamp, nonce: replyNonce, encrypt: ciphertext } = reply.data;
  if (getSignature(app.token, timeStamp, replyNonce, ciphertext) !== msg_signature) return false;
  try {
    const opened = decrypt(app.aesKey, ciphertext);
    return opened.message === "success" && opened.id === app.appKey;
  } catch {
    return false;
  }
}

/** POSTs one encrypted event to the app's /callbacks/dingtalk, as HTTP push does. */
async function postEvent(app: FakeCallbackApp, deps: SandboxFakeDeps, event: Record<string, unknown>): Promise<{ status: number; body: string; acknowledged: boolean }> {
  const { query, body: sealed } = sealedEvent(app, event, { timestamp: String(deps.clock.now()), nonce: nonce() });
  const url = new URL(`${deps.appBaseUrl().replace(/\/+$/, "")}/callbacks/dingtalk`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: sealed,
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });
  const body = await res.text();
  return { status: res.status, body, acknowledged: res.status === 200 && isSealedSuccess(app, body) };
}

/**
 * Pushes an event of `eventType` with `data` as its body: over the Stream connection when a client
 * subscribed to events, else as HTTP push (the decrypted JSON then carries EventType, EventTime,
 * CorpId and eventId beside the data, as newer events do).
 */
export async function pushEvent(
  app: FakeCallbackApp,
  deps: SandboxFakeDeps,
  gateway: DingtalkStreamGateway,
  eventType: string,
  data: Record<string, unknown>,
): Promise<DingtalkPushResult> {
  const eventId = randomHex(16);
  const now = deps.clock.now();
  if (gateway.subscribed("EVENT", EVENT_TOPIC)) {
    const ack = await gateway.send("EVENT", EVENT_TOPIC, data, {
      eventType,
      eventId,
      eventBornTime: String(now),
      eventCorpId: app.corpId,
      eventUnifiedAppId: app.appKey,
    });
    const status = z.object({ status: z.string() }).loose().safeParse(ack.data);
    return {
      via: "stream",
      eventId,
      status: ack.code,
      body: JSON.stringify(ack.data ?? null),
      acknowledged: ack.code === 200 && status.success && status.data.status === "SUCCESS",
    };
  }
  const event = { EventType: eventType, EventTime: String(now), CorpId: app.corpId, eventId, ...data };
  return { via: "http", eventId, ...(await postEvent(app, deps, event)) };
}

/** The `check_url` event DingTalk sends when the admin saves the HTTP push settings. */
export async function verifyCallbackUrl(app: FakeCallbackApp, deps: SandboxFakeDeps): Promise<{ ok: boolean; status: number; body: string }> {
  const result = await postEvent(app, deps, { EventType: "check_url" });
  return { ok: result.acknowledged, status: result.status, body: result.body };
}
