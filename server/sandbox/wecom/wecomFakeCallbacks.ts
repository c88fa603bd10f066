// What the fake WeCom sends to the app: a button click as WeCom's encrypted `template_card_event`
// POST, and the GET URL verification an admin triggers by saving the callback settings. Both are
// built from the protocol (docs/platforms/wecom.md §1–2 and §5, the official samples): the XML by the fake's
// own wecomXmlOf, the AES and signature by the official `@wecom/crypto`. The builders are pure and
// exported so test/platforms/sandbox/recordedPayloads.test.ts can hold them to the published bytes.
import { randomInt } from "node:crypto";
import { encrypt, getSignature } from "@wecom/crypto";
import type { SandboxFakeDeps } from "../sandboxTypes";
import type { WecomFakeState } from "./wecomFakeState";
import { wecomCardView } from "./wecomCardView";
import { wecomXmlOf } from "./wecomXmlOf";

/** The app's callback secrets and ids, as configured in the (fake) admin console. */
export type FakeCallbackApp = { corpId: string; agentId: string; token: string; encodingAesKey: string };

/** How long the fake waits for the app, like WeCom's 5 s callback timeout (with some slack). */
const CALLBACK_TIMEOUT_MS = 10_000;

/** The values a callback is signed with, and the plaintext's 16 random bytes (fresh unless a test fixes them). */
export type CallbackSeal = { timestamp: string; nonce: string; random?: Buffer };

/** A click as WeCom reports it in the decrypted `template_card_event` (docs/platforms/wecom.md §5). */
export type TemplateCardClick = {
  corpId: string;
  userId: string;
  /** Seconds since the epoch. */
  createTime: number;
  eventKey: string;
  taskId: string;
  cardType: string;
  responseCode: string;
  agentId: number;
};

/** The decrypted event XML: the fields of the path/90240 sample in its order, one per line. */
export function templateCardEventXml(click: TemplateCardClick): string {
  return wecomXmlOf(
    {
      ToUserName: click.corpId,
      FromUserName: click.userId,
      CreateTime: click.createTime,
      MsgType: "event",
      Event: "template_card_event",
      EventKey: click.eventKey,
      TaskId: click.taskId,
      CardType: click.cardType,
      ResponseCode: click.responseCode,
      AgentID: click.agentId,
    },
    { lineFeeds: true },
  );
}

/** What a POST or GET callback carries: the signed query, and for a POST the envelope body. */
export type SealedCallback = { query: { msg_signature: string; timestamp: string; nonce: string }; body: string };

/** `message` encrypted for the corp (receiveid = CorpID, docs/platforms/wecom.md §2). */
function encryptFor(app: FakeCallbackApp, message: string, random: Buffer | undefined): string {
  return encrypt(app.encodingAesKey, message, app.corpId, random);
}

function signed(app: FakeCallbackApp, seal: CallbackSeal, ciphertext: string): SealedCallback["query"] {
  return { msg_signature: getSignature(app.token, seal.timestamp, seal.nonce, ciphertext), timestamp: seal.timestamp, nonce: seal.nonce };
}

/**
 * A POST callback: `message` encrypted and signed, in the envelope of the official sample
 * (`<xml><ToUserName/><Encrypt/><AgentID/></xml>`, all CDATA; docs/platforms/wecom.md §2 lists AgentID before Encrypt,
 * the samples WeCom publishes put it last, and it is the samples' bytes the fake copies).
 */
export function sealedCallback(app: FakeCallbackApp, message: string, seal: CallbackSeal): SealedCallback {
  const ciphertext = encryptFor(app, message, seal.random);
  return { query: signed(app, seal, ciphertext), body: wecomXmlOf({ ToUserName: app.corpId, Encrypt: ciphertext, AgentID: app.agentId }) };
}

/** The GET URL check: `echo` encrypted as `echostr`, signed over it (docs/platforms/wecom.md §1). */
export function urlCheckQuery(app: FakeCallbackApp, echo: string, seal: CallbackSeal): SealedCallback["query"] & { echostr: string } {
  const echostr = encryptFor(app, echo, seal.random);
  return { ...signed(app, seal, echostr), echostr };
}

function callbackUrl(deps: SandboxFakeDeps, params: Record<string, string>): string {
  const url = new URL(`${deps.appBaseUrl().replace(/\/+$/, "")}/callbacks/wecom`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** A fresh timestamp (seconds, as WeCom sends it) and a numeric nonce like the samples'. */
function freshSeal(deps: SandboxFakeDeps): CallbackSeal {
  return { timestamp: String(Math.floor(deps.clock.now() / 1000)), nonce: String(randomInt(100_000_000, 2_000_000_000)) };
}

/**
 * Clicks `actionKey` on the member's copy of `taskId`: a fresh ResponseCode (good for one update),
 * the event XML encrypted for the corp, the `<xml><ToUserName/><Encrypt/><AgentID/></xml>` envelope
 * POSTed with msg_signature/timestamp/nonce. Refuses buttons that are not on the card, and cards
 * that already show a final state.
 */
export async function clickCard(
  app: FakeCallbackApp,
  deps: SandboxFakeDeps,
  state: WecomFakeState,
  input: { userId: string; taskId: string; actionKey: string },
): Promise<{ status: number; body: string }> {
  const stored = state.inbox(input.userId).find((c) => c.taskId === input.taskId);
  if (!stored) throw new Error(`${input.userId} has no WeCom card ${input.taskId}`);
  const view = wecomCardView(stored);
  if (view.state !== undefined) throw new Error(`card ${input.taskId} already shows "${view.state}"; its buttons are disabled`);
  if (!view.buttons.some((b) => b.key === input.actionKey)) {
    throw new Error(`card ${input.taskId} has no button "${input.actionKey}"`);
  }
  const xml = templateCardEventXml({
    corpId: app.corpId,
    userId: stored.userId,
    createTime: Math.floor(deps.clock.now() / 1000),
    eventKey: input.actionKey,
    taskId: input.taskId,
    cardType: "button_interaction",
    responseCode: state.issueResponseCode(input.taskId),
    agentId: Number(app.agentId),
  });
  const { query, body } = sealedCallback(app, xml, freshSeal(deps));
  const res = await fetch(callbackUrl(deps, query), {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body,
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
}

/** The outcome of a URL verification: `ok` when the app answered 200 with exactly the echo. */
export type UrlVerification = { ok: boolean; status: number; body: string; expected: string };

/** WeCom's GET check on saving the callback URL: an encrypted random echo the app must decrypt. */
export async function verifyCallbackUrl(app: FakeCallbackApp, deps: SandboxFakeDeps): Promise<UrlVerification> {
  const expected = String(randomInt(1, 2 ** 47)) + String(randomInt(1_000, 10_000));
  const res = await fetch(callbackUrl(deps, urlCheckQuery(app, expected, freshSeal(deps))), {
    method: "GET",
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });
  const body = await res.text();
  return { ok: res.status === 200 && body === expected, status: res.status, body, expected };
}
