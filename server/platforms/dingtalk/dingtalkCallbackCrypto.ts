// DingTalk HTTP event subscription crypto: the WeCom scheme with a JSON body. Opens a callback
// (signature before decryption, freshness, decrypt, owner key) and seals the encrypted "success"
// reply that every event, check_url included, must get. Pure: secrets and clock are passed in.
import { encrypt, getSignature } from "@wecom/crypto";
import { z } from "zod";
import {
  CallbackRefused,
  DEFAULT_WINDOW_MS,
  assertFresh,
  assertSignature,
  openCiphertext,
  parseSecrets,
  parseSignedRequest,
} from "../callbackCrypto";

/** `ownerKey` is the app key (console subscriptions) or corp id (legacy API) that is the receive id. */
export type DingtalkCryptoKeys = { token: string; aesKey: string; ownerKey: string };

function keysOf(input: DingtalkCryptoKeys) {
  return parseSecrets({ token: input.token, aesKey: input.aesKey, receiveId: input.ownerKey });
}

const bodySchema = z.object({ encrypt: z.string().min(1) });

/** Takes `encrypt` out of the parsed JSON request body; anything else refuses the envelope. */
export function encryptFromBody(body: unknown): string {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new CallbackRefused("bad_envelope", "body has no encrypt field");
  return parsed.data.encrypt;
}

/**
 * The query signature: DingTalk's sample reads `msg_signature`, then `signature`; and `timestamp`,
 * then `timeStamp`. Returns undefined for a missing value (openCallback then refuses it).
 */
export function signedQuery(query: Record<string, unknown>): {
  msgSignature?: string;
  timestamp?: string;
  nonce?: string;
} {
  const pick = (...names: string[]) =>
    names.map((n) => query[n]).find((v): v is string => typeof v === "string");
  return {
    msgSignature: pick("msg_signature", "signature"),
    timestamp: pick("timestamp", "timeStamp"),
    nonce: pick("nonce"),
  };
}

const eventSchema = z.record(z.string(), z.unknown());

/** The decrypted event JSON (it carries EventType) and the checked receive id. */
export type DingtalkCallback = { event: Record<string, unknown>; receiveId: string };

/** Opens an HTTP-pushed event. Throws only CallbackRefused for bad input. */
export function openCallback(
  input: DingtalkCryptoKeys & {
    msgSignature: string | undefined;
    timestamp: string | undefined;
    nonce: string | undefined;
    encrypt: string;
    now: number;
    windowMs?: number;
  },
): DingtalkCallback {
  const keys = keysOf(input);
  const req = parseSignedRequest(input);
  assertSignature(keys.token, req);
  assertFresh(req.timestamp, input.now, input.windowMs ?? DEFAULT_WINDOW_MS);
  const plaintext = openCiphertext(keys.aesKey, req.encrypt, keys.receiveId);
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    throw new CallbackRefused("bad_ciphertext", "decrypted event is not JSON");
  }
  const event = eventSchema.safeParse(json);
  if (!event.success) throw new CallbackRefused("bad_ciphertext", "decrypted event is not an object");
  return { event: event.data, receiveId: keys.receiveId };
}

/** The reply body DingTalk checks (note the camelCase `timeStamp`). */
export type DingtalkSealedReply = { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };

const sealSchema = z.object({
  timestamp: z.string().regex(/^\d{1,16}$/),
  nonce: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
});

/** Encrypts and signs the literal `success`. `random` is only for deterministic tests. */
export function sealSuccess(
  input: DingtalkCryptoKeys & { timestamp: string; nonce: string; random?: Buffer },
): DingtalkSealedReply {
  const keys = keysOf(input);
  const { timestamp, nonce } = sealSchema.parse(input);
  const ciphertext =
    input.random === undefined
      ? encrypt(keys.aesKey, "success", keys.receiveId)
      : encrypt(keys.aesKey, "success", keys.receiveId, input.random);
  const msgSignature = getSignature(keys.token, timestamp, nonce, ciphertext);
  return { msg_signature: msgSignature, timeStamp: timestamp, nonce, encrypt: ciphertext };
}
