// What the fake WeCom sends to the app: a button click as WeCom's encrypted `template_card_event`
// POST, and the GET URL verification an admin triggers by saving the callback settings. Both are
// built and signed exactly as the real platform does (WXBizMsgCrypt, notes §1–2 and §5).
import { randomInt } from "node:crypto";
import { encrypt, getSignature } from "@wecom/crypto";
import { buildWecomXml } from "../../platforms/wecom/wecomXml";
import type { SandboxFakeDeps } from "../sandboxTypes";
import type { WecomFakeState } from "./wecomFakeState";
import { wecomCardView } from "./wecomCardView";

/** The app's callback secrets and ids, as configured in the (fake) admin console. */
export type FakeCallbackApp = { corpId: string; agentId: string; token: string; encodingAesKey: string };

/** How long the fake waits for the app, like WeCom's 5 s callback timeout (with some slack). */
const CALLBACK_TIMEOUT_MS = 10_000;

function callbackUrl(deps: SandboxFakeDeps, params: Record<string, string>): string {
  const url = new URL(`${deps.appBaseUrl().replace(/\/+$/, "")}/callbacks/wecom`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

function signedParams(app: FakeCallbackApp, deps: SandboxFakeDeps, ciphertext: string) {
  const timestamp = String(Math.floor(deps.clock.now() / 1000));
  const nonce = String(randomInt(100_000_000, 2_000_000_000));
  return { msg_signature: getSignature(app.token, timestamp, nonce, ciphertext), timestamp, nonce };
}

/**
 * Clicks `actionKey` on the member's copy of `taskId`: a fresh ResponseCode (good for one update),
 * the event XML encrypted for the corp, the `<xml><ToUserName/><AgentID/><Encrypt/></xml>` envelope
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
  const xml = buildWecomXml({
    ToUserName: { cdata: app.corpId },
    FromUserName: { cdata: stored.userId },
    CreateTime: { plain: String(Math.floor(deps.clock.now() / 1000)) },
    MsgType: { cdata: "event" },
    Event: { cdata: "template_card_event" },
    EventKey: { cdata: input.actionKey },
    TaskId: { cdata: input.taskId },
    CardType: { cdata: "button_interaction" },
    ResponseCode: { cdata: state.issueResponseCode(input.taskId) },
    AgentID: { plain: app.agentId },
  });
  const ciphertext = encrypt(app.encodingAesKey, xml, app.corpId);
  const envelope = buildWecomXml({
    ToUserName: { cdata: app.corpId },
    AgentID: { cdata: app.agentId },
    Encrypt: { cdata: ciphertext },
  });
  const res = await fetch(callbackUrl(deps, signedParams(app, deps, ciphertext)), {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: envelope,
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
}

/** The outcome of a URL verification: `ok` when the app answered 200 with exactly the echo. */
export type UrlVerification = { ok: boolean; status: number; body: string; expected: string };

/** WeCom's GET check on saving the callback URL: an encrypted random echo the app must decrypt. */
export async function verifyCallbackUrl(app: FakeCallbackApp, deps: SandboxFakeDeps): Promise<UrlVerification> {
  const expected = String(randomInt(1, 2 ** 47)) + String(randomInt(1_000, 10_000));
  const echostr = encrypt(app.encodingAesKey, expected, app.corpId);
  const res = await fetch(callbackUrl(deps, { ...signedParams(app, deps, echostr), echostr }), {
    method: "GET",
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });
  const body = await res.text();
  return { ok: res.status === 200 && body === expected, status: res.status, body, expected };
}
