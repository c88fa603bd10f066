// Shared pieces of the WXBizMsgCrypt callback scheme that WeCom and DingTalk both use: the typed
// refusal, the timing-safe signature check, the freshness window and the guard around
// `@wecom/crypto`'s decrypt (which compares nothing and silently skips a bad pad byte).
import { createDecipheriv, hash, timingSafeEqual, type Decipher } from "node:crypto";
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

/** Secrets already checked (a process has one or two sets; every request passes one in). */
const checkedSecrets: CallbackSecrets[] = [];

export function parseSecrets(input: CallbackSecrets): CallbackSecrets {
  const known = checkedSecrets.find((s) => s.token === input.token && s.aesKey === input.aesKey && s.receiveId === input.receiveId);
  if (known) return known;
  const parsed = callbackSecretsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`callback crypto misconfigured: ${parsed.error.message}`);
  if (checkedSecrets.length >= 8) checkedSecrets.shift();
  checkedSecrets.push(parsed.data);
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

const within = (value: unknown, max: number): value is string => typeof value === "string" && value.length >= 1 && value.length <= max;

/** Checks what signedRequestSchema says, without building a zod parse per request (this runs on every callback). */
export function parseSignedRequest(input: unknown): SignedRequest {
  const { msgSignature, timestamp, nonce, encrypt } = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (!within(msgSignature, 128) || !within(timestamp, 32) || !within(nonce, 128) || !within(encrypt, Number.MAX_SAFE_INTEGER)) {
    throw new CallbackRefused("bad_envelope", "missing or malformed callback parameters");
  }
  return { msgSignature, timestamp, nonce, encrypt };
}

/** `@wecom/crypto`'s getSignature: sha1 (hex) of the four values sorted and joined. One-shot hash. */
function signatureOf(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return hash("sha1", [token, timestamp, nonce, encrypt].sort().join(""), "hex");
}

/** Compares `msgSignature` with sha1(sort(token, timestamp, nonce, encrypt)) in constant time. */
export function assertSignature(token: string, req: SignedRequest): void {
  const expected = Buffer.from(signatureOf(token, req.timestamp, req.nonce, req.encrypt), "utf8");
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

/**
 * The block decryption of an EncodingAESKey (43 Base64 characters) and its IV (the key's first 16
 * bytes), made once per key. The scheme decrypts AES-256-CBC with that fixed IV; CBC decryption is
 * the block decryption of each ciphertext block XORed with the block before it (the IV for the
 * first), so one ECB decipher without padding serves every message: it keeps no state between calls
 * given whole blocks, and creating a CBC decipher per message cost more than decrypting it.
 */
type AesBlocks = { ecb: Decipher; iv: Buffer };
const aesKeys = new Map<string, AesBlocks>();

function aesBlocksOf(encodingAesKey: string): AesBlocks {
  let found = aesKeys.get(encodingAesKey);
  if (!found) {
    const key = Buffer.from(`${encodingAesKey}=`, "base64");
    if (key.length !== 32) throw new Error("invalid encodingAESKey");
    const ecb = createDecipheriv("aes-256-ecb", key, null);
    ecb.setAutoPadding(false);
    found = { ecb, iv: Buffer.from(key.subarray(0, 16)) };
    if (aesKeys.size >= 8) aesKeys.clear();
    aesKeys.set(encodingAesKey, found);
  }
  return found;
}

/** AES-256-CBC decryption of whole 16-byte blocks with the key's fixed IV (see aesBlocksOf). */
function decryptCbc(aesKey: string, cipherBytes: Buffer): Buffer {
  if (cipherBytes.length % 16 !== 0) throw new Error("not whole AES blocks");
  const { ecb, iv } = aesBlocksOf(aesKey);
  const plain = ecb.update(cipherBytes);
  if (plain.length !== cipherBytes.length) throw new Error("AES block decryption returned a partial result");
  for (let i = 0; i < 16; i++) plain[i] = (plain[i] ?? 0) ^ (iv[i] ?? 0);
  for (let i = 16; i < plain.length; i++) plain[i] = (plain[i] ?? 0) ^ (cipherBytes[i - 16] ?? 0);
  return plain;
}

/**
 * `@wecom/crypto`'s decrypt, step for step (AES-256-CBC without auto padding, its lenient PKCS#7
 * unpad, the 4-byte length at 16, message then receive id), with the key prepared once and the
 * ciphertext decoded from Base64 once. Throws what it throws (caught by openCiphertext).
 */
function decryptPayload(aesKey: string, cipherBytes: Buffer): { message: string; id: string } {
  let plain = decryptCbc(aesKey, cipherBytes);
  const padLength = plain[plain.length - 1] ?? 0;
  if (padLength >= 1 && padLength <= 32) plain = plain.subarray(0, plain.length - padLength);
  const length = plain.readUInt32BE(16);
  return { message: plain.subarray(20, length + 20).toString(), id: plain.subarray(length + 20).toString() };
}

/**
 * Decrypts as `@wecom/crypto` does and checks what it does not: strict (canonical) Base64, whole 32-byte blocks,
 * no library exception escaping, a pad length of 1..32 implied by the lengths it returned (its
 * unpad returns data untouched on a bad pad byte), then the receive id.
 */
export function openCiphertext(aesKey: string, encrypt: string, receiveId: string): string {
  // Strict Base64: Node's decoder skips what it does not understand, so the bytes must encode back to
  // exactly the text (the alphabet, whole 4-character groups, `=` only as the last one or two, and the
  // unused bits of the last character zero, as every encoder writes them). Two native passes cost
  // less than checking each character in JavaScript.
  const cipherBytes = Buffer.from(encrypt, "base64");
  if (cipherBytes.toString("base64") !== encrypt) throw new CallbackRefused("bad_ciphertext", "ciphertext is not Base64");
  const cipherLength = cipherBytes.length;
  if (cipherLength < 32 || cipherLength % 32 !== 0) {
    throw new CallbackRefused("bad_ciphertext", "ciphertext is not whole 32-byte blocks");
  }
  let opened: { message: string; id: string };
  try {
    opened = decryptPayload(aesKey, cipherBytes);
  } catch {
    throw new CallbackRefused("bad_ciphertext", "ciphertext does not decrypt");
  }
  const pad = cipherLength - 20 - Buffer.byteLength(opened.message, "utf8") - Buffer.byteLength(opened.id, "utf8");
  if (pad < 1 || pad > 32) throw new CallbackRefused("bad_ciphertext", "decrypted length or padding is wrong");
  if (opened.id !== receiveId) throw new CallbackRefused("wrong_receiver", "receive id is not ours");
  return opened.message;
}
