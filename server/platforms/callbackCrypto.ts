// Shared pieces of the WXBizMsgCrypt callback scheme that WeCom and DingTalk both use: the typed
// refusal, the timing-safe signature check, the freshness window and the guard around
// `@wecom/crypto`'s decrypt (which compares nothing and silently skips a bad pad byte).
import { timingSafeEqual } from "node:crypto";
import { decrypt, getSignature } from "@wecom/crypto";
import { z } from "zod";

export const REFUSAL_REASONS = [
  "bad_signature",
  "stale_timestamp",
  "wrong_receiver",
  "bad_ciphertext",
  "bad_envelope",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * A callback we will not process. Transports answer it with a 4xx and log the reason; it is not a
 * ServiceError because no domain code is involved and none of its codes means "forged request".
 */
export class CallbackRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string = reason,
  ) {
    super(message);
    this.name = "CallbackRefused";
  }
}

/** Default freshness window: ±5 minutes around the server clock. */
export const DEFAULT_WINDOW_MS = 5 * 60 * 1000;

/** The configured secrets; a wrong shape is a deployment bug (a plain Error → 500), not a refusal. */
export const callbackSecretsSchema = z.object({
  token: z.string().min(1),
  aesKey: z.string().regex(/^[A-Za-z0-9]{43}$/, "aesKey must be 43 letters/digits"),
  receiveId: z.string().min(1),
});
export type CallbackSecrets = z.infer<typeof callbackSecretsSchema>;

export function parseSecrets(input: CallbackSecrets): CallbackSecrets {
  const parsed = callbackSecretsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`callback crypto misconfigured: ${parsed.error.message}`);
  return parsed.data;
}

/** Request values the platform sends (query + body); missing or odd ones refuse the envelope. */
export const signedRequestSchema = z.object({
  msgSignature: z.string().min(1).max(128),
  timestamp: z.string().min(1).max(32),
  nonce: z.string().min(1).max(128),
  encrypt: z.string().min(1),
});
export type SignedRequest = z.infer<typeof signedRequestSchema>;

export function parseSignedRequest(input: unknown): SignedRequest {
  const parsed = signedRequestSchema.safeParse(input);
  if (!parsed.success) throw new CallbackRefused("bad_envelope", "missing or malformed callback parameters");
  return parsed.data;
}

/** Compares `msgSignature` with sha1(sort(token, timestamp, nonce, encrypt)) in constant time. */
export function assertSignature(token: string, req: SignedRequest): void {
  const expected = Buffer.from(getSignature(token, req.timestamp, req.nonce, req.encrypt), "utf8");
  const given = Buffer.from(req.msgSignature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CallbackRefused("bad_signature", "signature does not match");
  }
}

/**
 * Refuses a timestamp more than `windowMs` away from `now` (either side). Platforms send seconds
 * (WeCom, some DingTalk) or milliseconds (DingTalk); 13+ digits are read as milliseconds.
 */
export function assertFresh(timestamp: string, now: number, windowMs: number = DEFAULT_WINDOW_MS): void {
  if (!/^\d{1,16}$/.test(timestamp)) throw new CallbackRefused("stale_timestamp", "timestamp is not a number");
  const value = Number(timestamp);
  const ms = timestamp.length >= 13 ? value : value * 1000;
  if (Math.abs(now - ms) > windowMs) throw new CallbackRefused("stale_timestamp", "timestamp outside the window");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decrypts with `@wecom/crypto` and checks what it does not: strict Base64, whole 32-byte blocks,
 * no library exception escaping, a pad length of 1..32 implied by the lengths it returned (its
 * unpad returns data untouched on a bad pad byte), then the receive id.
 */
export function openCiphertext(aesKey: string, encrypt: string, receiveId: string): string {
  if (!BASE64.test(encrypt)) throw new CallbackRefused("bad_ciphertext", "ciphertext is not Base64");
  const cipherLength = Buffer.byteLength(encrypt, "base64");
  if (cipherLength < 32 || cipherLength % 32 !== 0) {
    throw new CallbackRefused("bad_ciphertext", "ciphertext is not whole 32-byte blocks");
  }
  let opened: { message: string; id: string };
  try {
    opened = decrypt(aesKey, encrypt);
  } catch {
    throw new CallbackRefused("bad_ciphertext", "ciphertext does not decrypt");
  }
  const pad = cipherLength - 20 - Buffer.byteLength(opened.message, "utf8") - Buffer.byteLength(opened.id, "utf8");
  if (pad < 1 || pad > 32) throw new CallbackRefused("bad_ciphertext", "decrypted length or padding is wrong");
  if (opened.id !== receiveId) throw new CallbackRefused("wrong_receiver", "receive id is not ours");
  return opened.message;
}
