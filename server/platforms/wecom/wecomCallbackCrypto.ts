// WeCom self-built app callbacks (WXBizMsgCrypt, XML): URL verification, opening POST callbacks
// and sealing passive replies. Pure: secrets, request values and the clock are passed in.
// Order of checks: envelope → signature (before any decryption) → timestamp → decrypt → receive id.
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
import { buildWecomXml, parseWecomXml } from "./wecomXml";

/** Secrets from WecomConfig: `aesKey` is the EncodingAESKey, `corpId` the expected receive id. */
export type WecomCryptoKeys = { token: string; aesKey: string; corpId: string };

type SignedQuery = { msgSignature: string; timestamp: string; nonce: string; now: number; windowMs?: number };

function keysOf(input: WecomCryptoKeys) {
  return parseSecrets({ token: input.token, aesKey: input.aesKey, receiveId: input.corpId });
}

/** GET URL verification: returns the decrypted `echostr`, which must be the exact response body. */
export function verifyUrl(input: WecomCryptoKeys & SignedQuery & { echostr: string }): string {
  const keys = keysOf(input);
  const req = parseSignedRequest({ msgSignature: input.msgSignature, timestamp: input.timestamp, nonce: input.nonce, encrypt: input.echostr });
  assertSignature(keys.token, req);
  assertFresh(req.timestamp, input.now, input.windowMs ?? DEFAULT_WINDOW_MS);
  return openCiphertext(keys.aesKey, req.encrypt, keys.receiveId);
}

/** The decrypted callback: the message's leaf XML fields as strings, and the checked receive id. */
export type WecomCallback = { message: Record<string, string>; receiveId: string };

/** POST callback: `body` is the raw encrypted XML envelope. Throws only CallbackRefused for bad input. */
export function openCallback(input: WecomCryptoKeys & SignedQuery & { body: string }): WecomCallback {
  const keys = keysOf(input);
  const encrypted = parseWecomXml(input.body)?.Encrypt;
  if (encrypted === undefined || encrypted === "") throw new CallbackRefused("bad_envelope", "no Encrypt in the XML envelope");
  const req = parseSignedRequest({ msgSignature: input.msgSignature, timestamp: input.timestamp, nonce: input.nonce, encrypt: encrypted });
  assertSignature(keys.token, req);
  assertFresh(req.timestamp, input.now, input.windowMs ?? DEFAULT_WINDOW_MS);
  const plaintext = openCiphertext(keys.aesKey, req.encrypt, keys.receiveId);
  const message = parseWecomXml(plaintext);
  if (message === undefined) throw new CallbackRefused("bad_ciphertext", "decrypted message is not XML");
  return { message, receiveId: keys.receiveId };
}

const sealSchema = z.object({
  message: z.string().min(1),
  timestamp: z.string().regex(/^\d{1,16}$/),
  nonce: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
});

/**
 * Encrypts a passive reply (`message` is the plaintext reply XML) into the envelope WeCom expects:
 * Encrypt, MsgSignature, TimeStamp, Nonce. `random` is only for deterministic tests.
 */
export function sealReply(
  input: WecomCryptoKeys & { message: string; timestamp: string; nonce: string; random?: Buffer },
): string {
  const keys = keysOf(input);
  const { message, timestamp, nonce } = sealSchema.parse(input);
  const ciphertext =
    input.random === undefined
      ? encrypt(keys.aesKey, message, keys.receiveId)
      : encrypt(keys.aesKey, message, keys.receiveId, input.random);
  return buildWecomXml({
    Encrypt: { cdata: ciphertext },
    MsgSignature: { cdata: getSignature(keys.token, timestamp, nonce, ciphertext) },
    TimeStamp: { plain: timestamp },
    Nonce: { cdata: nonce },
  });
}
