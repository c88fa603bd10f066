// DingTalk HTTP-push callback crypto against the published vectors (open-dingtalk samples and the
// kb FAQ), the encrypt-side vector, a seal → open round trip, and each refusal by its reason.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getSignature } from "@wecom/crypto";
import { CallbackRefused, type RefusalReason } from "../../server/platforms/callbackCrypto";
import {
  encryptFromBody,
  openCallback,
  sealSuccess,
  signedQuery,
} from "../../server/platforms/dingtalk/dingtalkCallbackCrypto";

const vectors = [
  {
    token: "mryue",
    aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
    timestamp: "1608001896814",
    nonce: "WL4PK6yA",
    msgSignature: "03044561471240d4a14bb09372dfcfd4fd0e40cb",
    encrypt:
      "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
    plaintext: '{"EventType":"check_url"}',
    ownerKey: "ding6ccabc44d2c8d38b",
  },
  {
    token: "tokenxxxx",
    aesKey: "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus",
    timestamp: "1605695694141",
    nonce: "WelUQl6bCqcBa2fM",
    msgSignature: "f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc",
    encrypt: "X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==",
    plaintext: "success",
    ownerKey: "dingxxxxxx",
  },
  {
    token: "123456",
    aesKey: "1234567890123456789012345678901234567890123",
    timestamp: "1614767836",
    nonce: "A7Co0cJLMzIDtMMI",
    msgSignature: "9a95a004dd16f5c307e849b994173f76aa26e5eb",
    encrypt: "YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==",
    plaintext: "success",
    ownerKey: "dingsnotzck6pm5veliw",
  },
] as const;

const [checkUrl, successRow, secondsRow] = vectors;
/** "now" equal to the vector's own time, whether it is in ms (13 digits) or s. */
const nowOf = (ts: string) => (ts.length >= 13 ? Number(ts) : Number(ts) * 1000);
const req = { ...checkUrl, now: nowOf(checkUrl.timestamp) };
const signed = (encrypt: string) => ({ ...req, encrypt, msgSignature: getSignature(req.token, req.timestamp, req.nonce, encrypt) });

function refused(run: () => unknown, reason: RefusalReason) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CallbackRefused, `expected CallbackRefused, got ${String(error)}`);
    assert.equal(error.reason, reason);
    return true;
  });
}

const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "0" ? "1" : "0") + s.slice(at + 1);

describe("DingTalk callback crypto: published vectors", () => {
  it("row 1 opens to the check_url event with the app key as receive id", () => {
    const { event, receiveId } = openCallback(req);
    assert.deepEqual(event, { EventType: "check_url" });
    assert.equal(receiveId, "ding6ccabc44d2c8d38b");
  });

  it("rows 2 and 3 (ms and s timestamps) carry the literal success, which is not a JSON event", () => {
    for (const row of [successRow, secondsRow]) {
      // Their plaintext is the reply `success`: signature, time and receive id pass, the JSON parse refuses.
      refused(() => openCallback({ ...row, now: nowOf(row.timestamp) }), "bad_ciphertext");
      refused(() => openCallback({ ...row, ownerKey: "dingother", now: nowOf(row.timestamp) }), "wrong_receiver");
    }
  });

  it("sealSuccess with row 2's random reproduces row 2 exactly", () => {
    const sealed = sealSuccess({ ...successRow, random: Buffer.from(successRow.nonce) });
    assert.deepEqual(sealed, {
      msg_signature: successRow.msgSignature,
      timeStamp: successRow.timestamp,
      nonce: successRow.nonce,
      encrypt: successRow.encrypt,
    });
  });

  it("sealSuccess output verifies and decrypts to success for the owner key", () => {
    const sealed = sealSuccess({ token: req.token, aesKey: req.aesKey, ownerKey: req.ownerKey, timestamp: "1700000000123", nonce: "n0nce" });
    assert.equal(sealed.msg_signature, getSignature(req.token, sealed.timeStamp, sealed.nonce, sealed.encrypt));
    assert.notEqual(sealed.encrypt, sealSuccess({ ...req, timestamp: "1700000000123", nonce: "n0nce" }).encrypt, "random differs per seal");
  });

  it("query and body helpers read DingTalk's field names", () => {
    assert.deepEqual(signedQuery({ signature: "s", timeStamp: "1", nonce: "n" }), { msgSignature: "s", timestamp: "1", nonce: "n" });
    assert.deepEqual(signedQuery({ msg_signature: "m", signature: "s", timestamp: "2", nonce: "n" }), { msgSignature: "m", timestamp: "2", nonce: "n" });
    assert.equal(encryptFromBody({ encrypt: checkUrl.encrypt }), checkUrl.encrypt);
  });
});

describe("DingTalk callback crypto: refusals", () => {
  it("a forged signature (one char changed)", () => {
    refused(() => openCallback({ ...req, msgSignature: flip(req.msgSignature, 5) }), "bad_signature");
    refused(() => openCallback({ ...req, nonce: "WL4PK6yB" }), "bad_signature");
    refused(() => openCallback({ ...req, token: "mryuf" }), "bad_signature");
  });

  it("a wrong receive id (owner key)", () => {
    refused(() => openCallback({ ...req, ownerKey: "ding6ccabc44d2c8d38" }), "wrong_receiver");
    refused(() => openCallback({ ...req, ownerKey: "dingcorpid" }), "wrong_receiver");
  });

  it("a stale timestamp, and one too far in the future", () => {
    refused(() => openCallback({ ...req, now: req.now + 5 * 60_000 + 1 }), "stale_timestamp");
    refused(() => openCallback({ ...req, now: req.now - 5 * 60_000 - 1 }), "stale_timestamp");
    refused(() => openCallback({ ...req, now: Date.now() }), "stale_timestamp");
    refused(() => openCallback({ ...req, now: req.now + 20_000, windowMs: 10_000 }), "stale_timestamp");
  });

  it("a truncated ciphertext", () => {
    refused(() => openCallback({ ...req, encrypt: req.encrypt.slice(0, 64) }), "bad_signature");
    for (const cut of [req.encrypt.slice(0, 64), req.encrypt.slice(0, 100), req.encrypt.slice(0, 12)]) {
      refused(() => openCallback(signed(cut)), "bad_ciphertext");
    }
  });

  it("garbage base64 and garbled blocks", () => {
    refused(() => openCallback(signed("not-base64!")), "bad_ciphertext");
    refused(() => openCallback(signed(Buffer.alloc(96, 1).toString("base64"))), "bad_ciphertext");
    const bytes = Buffer.from(req.encrypt, "base64");
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x55, bytes.length - 1);
    refused(() => openCallback(signed(bytes.toString("base64"))), "bad_ciphertext");
  });

  it("a body without encrypt, and missing query values", () => {
    refused(() => encryptFromBody({}), "bad_envelope");
    refused(() => encryptFromBody({ encrypt: 1 }), "bad_envelope");
    refused(() => encryptFromBody(null), "bad_envelope");
    refused(() => openCallback({ ...req, encrypt: "" }), "bad_envelope");
    refused(() => openCallback({ ...req, ...signedQuery({ timestamp: req.timestamp, nonce: req.nonce }) }), "bad_envelope");
  });
});
