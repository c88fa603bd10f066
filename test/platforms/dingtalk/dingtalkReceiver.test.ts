// The DingTalk HTTP-mode receiver: the notes' three verified event vectors through open(), sealed
// replies DingTalk would accept, pushed events as OtherEvents, each refusal by its reason, and the
// card callback's HMAC headers checked (signature, then freshness) before its body is read.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { createDingtalkReceiver, decodeDingtalkEvent } from "../../../server/platforms/dingtalk/dingtalkReceiver";
import type { CallbackRequest } from "../../../server/platforms/types";
import { refuses } from "./dingtalkTestKit";

const vectors = [
  {
    token: "mryue",
    aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
    timestamp: "1608001896814",
    nonce: "WL4PK6yA",
    msgSignature: "03044561471240d4a14bb09372dfcfd4fd0e40cb",
    encrypt:
      "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
    ownerKey: "ding6ccabc44d2c8d38b",
  },
  {
    token: "tokenxxxx",
    aesKey: "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus",
    timestamp: "1605695694141",
    nonce: "WelUQl6bCqcBa2fM",
    msgSignature: "f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc",
    encrypt: "X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==",
    ownerKey: "dingxxxxxx",
  },
  {
    token: "123456",
    aesKey: "1234567890123456789012345678901234567890123",
    timestamp: "1614767836",
    nonce: "A7Co0cJLMzIDtMMI",
    msgSignature: "9a95a004dd16f5c307e849b994173f76aa26e5eb",
    encrypt: "YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==",
    ownerKey: "dingsnotzck6pm5veliw",
  },
] as const;
const [checkUrl, successRow, secondsRow] = vectors;

const CARD_SECRET = "card-secret-for-receiver-tests";
const nowOf = (ts: string) => (ts.length >= 13 ? Number(ts) : Number(ts) * 1000);

function receiverFor(v: { token: string; aesKey: string; ownerKey: string }) {
  return createDingtalkReceiver({ token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey, cardApiSecret: CARD_SECRET });
}

function eventRequest(v: { msgSignature: string; timestamp: string; nonce: string; encrypt: string }, over: Partial<CallbackRequest> = {}): CallbackRequest {
  return {
    method: "POST",
    query: { msg_signature: v.msgSignature, timestamp: v.timestamp, nonce: v.nonce },
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ encrypt: v.encrypt }),
    ...over,
  };
}

/** Checks a reply the way DingTalk does: signature over the reply's own fields, decrypts to "success". */
function assertSealedSuccess(body: string, v: { token: string; aesKey: string; ownerKey: string }, now: number) {
  const reply = JSON.parse(body) as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
  assert.deepEqual(Object.keys(reply).sort(), ["encrypt", "msg_signature", "nonce", "timeStamp"]);
  assert.equal(reply.timeStamp, String(now));
  assert.match(reply.nonce, /^[A-Za-z0-9]+$/);
  assert.equal(getSignature(v.token, reply.timeStamp, reply.nonce, reply.encrypt), reply.msg_signature);
  const opened = decrypt(v.aesKey, reply.encrypt);
  assert.deepEqual({ message: opened.message, id: opened.id }, { message: "success", id: v.ownerKey });
}

/** An event encrypted and signed by "DingTalk" for the row-1 app. */
function pushed(event: Record<string, unknown>, timestamp = checkUrl.timestamp, nonce = "Nonce123") {
  const ciphertext = encrypt(checkUrl.aesKey, JSON.stringify(event), checkUrl.ownerKey);
  return { msgSignature: getSignature(checkUrl.token, timestamp, nonce, ciphertext), timestamp, nonce, encrypt: ciphertext };
}

describe("DingTalk receiver: event subscription", () => {
  const receiver = receiverFor(checkUrl);
  const now = nowOf(checkUrl.timestamp);

  it("vector 1 is the check_url event: no events, an encrypted success reply", () => {
    const opened = receiver.open(eventRequest(checkUrl), now);
    assert.deepEqual(opened.events, []);
    assert.equal(opened.reply.status, 200);
    assert.equal(opened.reply.contentType, "application/json");
    assertSealedSuccess(opened.reply.body, checkUrl, now);
  });

  it("vectors 2 and 3 (ms and s timestamps) verify and decrypt, but carry the literal success, not an event", () => {
    for (const v of [successRow, secondsRow]) {
      refuses(() => receiverFor(v).open(eventRequest(v), nowOf(v.timestamp)), "bad_ciphertext");
      refuses(() => receiverFor({ ...v, ownerKey: "dingother" }).open(eventRequest(v), nowOf(v.timestamp)), "wrong_receiver");
    }
  });

  it("accepts the older `signature` / `timeStamp` query names", () => {
    const request = eventRequest(checkUrl, { query: { signature: checkUrl.msgSignature, timeStamp: checkUrl.timestamp, nonce: checkUrl.nonce } });
    assert.deepEqual(receiver.open(request, now).events, []);
  });

  it("a pushed event becomes an OtherEvent keyed by eventId", () => {
    const event = { EventType: "user_add_org", EventTime: "1608001896814", CorpId: "ding0", eventId: "evt-123", userId: ["lilei"] };
    const opened = receiver.open(eventRequest(pushed(event)), now);
    assert.deepEqual(opened.events, [{ kind: "other", platform: "dingtalk", eventKey: "evt-123", type: "user_add_org", payload: event }]);
    assertSealedSuccess(opened.reply.body, checkUrl, now);
  });

  it("an event without eventId is keyed by a hash of its content, the same on redelivery", () => {
    const event = { EventType: "org_dept_create", DeptId: [42] };
    const a = receiver.open(eventRequest(pushed(event, checkUrl.timestamp, "NonceA")), now).events[0];
    const b = receiver.open(eventRequest(pushed(event, checkUrl.timestamp, "NonceB")), now).events[0];
    assert.match(a?.eventKey ?? "", /^sha256:[0-9a-f]{64}$/);
    assert.equal(a?.eventKey, b?.eventKey);
    assert.equal(decodeDingtalkEvent({ eventId: "" }).type, "unknown");
  });

  it("refuses forged, stale, foreign and malformed requests", () => {
    const flip = (s: string) => (s[0] === "0" ? "1" : "0") + s.slice(1);
    refuses(() => receiver.open(eventRequest({ ...checkUrl, msgSignature: flip(checkUrl.msgSignature) }), now), "bad_signature");
    refuses(() => receiver.open(eventRequest(checkUrl), now + 5 * 60_000 + 1), "stale_timestamp");
    refuses(() => receiver.open(eventRequest(checkUrl), now - 5 * 60_000 - 1), "stale_timestamp");
    refuses(() => receiverFor({ ...checkUrl, ownerKey: "dingsomeoneelse" }).open(eventRequest(checkUrl), now), "wrong_receiver");
    const truncated = checkUrl.encrypt.slice(0, 64);
    const signedTruncated = { ...checkUrl, encrypt: truncated, msgSignature: getSignature(checkUrl.token, checkUrl.timestamp, checkUrl.nonce, truncated) };
    refuses(() => receiver.open(eventRequest(signedTruncated), now), "bad_ciphertext");
    refuses(() => receiver.open(eventRequest(checkUrl, { body: "not json" }), now), "bad_envelope");
    refuses(() => receiver.open(eventRequest(checkUrl, { body: JSON.stringify({ other: 1 }) }), now), "bad_envelope");
    refuses(() => receiver.open(eventRequest(checkUrl, { query: { timestamp: checkUrl.timestamp, nonce: checkUrl.nonce } }), now), "bad_envelope");
    refuses(() => receiver.open(eventRequest(checkUrl, { query: { msg_signature: checkUrl.msgSignature, nonce: checkUrl.nonce } }), now), "bad_envelope");
    refuses(() => receiver.open(eventRequest(checkUrl, { method: "GET", body: "" }), now), "bad_envelope");
  });
});

describe("DingTalk receiver: card callbacks", () => {
  const receiver = receiverFor(checkUrl);
  const now = Date.UTC(2025, 2, 3, 1, 0, 0);
  const payload = {
    type: "actionCallback",
    outTrackId: "xg-12-3-abcd",
    corpId: "ding0",
    userId: "lilei",
    content: JSON.stringify({ cardPrivateData: { actionIds: ["action1"], params: { key: "confirm" } } }),
  };
  const sign = (ts: string, secret = CARD_SECRET) => createHmac("sha256", secret).update(ts).digest("base64");
  function cardRequest(over: { timestamp?: string; signature?: string; body?: string } = {}): CallbackRequest {
    const timestamp = over.timestamp ?? String(now);
    return {
      method: "POST",
      query: {},
      headers: {
        "content-type": "application/json",
        "x-ddpaas-signature-timestamp": timestamp,
        "x-ddpaas-signature": over.signature ?? sign(timestamp),
      },
      body: over.body ?? JSON.stringify(payload),
    };
  }

  it("a signed, fresh click opens as a card action and is answered with {}", () => {
    const opened = receiver.open(cardRequest(), now);
    assert.deepEqual(opened.events, [
      {
        kind: "card_action",
        platform: "dingtalk",
        eventKey: "card:xg-12-3-abcd:lilei:confirm",
        userId: "lilei",
        cardTaskId: "xg-12-3-abcd",
        actionKey: "confirm",
        actionId: "action1",
        occurredAt: now,
      },
    ]);
    assert.deepEqual(opened.reply, { status: 200, contentType: "application/json", body: "{}" });
  });

  it("reads the button info from `value` too (the callback guide's spelling)", () => {
    const { content, ...rest } = payload;
    const opened = receiver.open(cardRequest({ body: JSON.stringify({ ...rest, value: content }) }), now);
    assert.equal(opened.events[0]?.kind, "card_action");
  });

  it("checks the HMAC first: a bad signature is refused whatever the body", () => {
    refuses(() => receiver.open(cardRequest({ signature: sign(String(now), "wrong-secret") }), now), "bad_signature");
    refuses(() => receiver.open(cardRequest({ signature: sign(String(now), "wrong-secret"), body: "garbage" }), now), "bad_signature");
    refuses(() => receiver.open(cardRequest({ signature: sign(String(now + 1)) }), now), "bad_signature");
    refuses(() => receiver.open(cardRequest({ signature: "" }), now), "bad_signature");
    const missing = cardRequest();
    delete missing.headers["x-ddpaas-signature"];
    refuses(() => receiver.open(missing, now), "bad_signature");
  });

  it("then the freshness window (±5 min), before the body", () => {
    const stale = String(now - 5 * 60_000 - 1);
    refuses(() => receiver.open(cardRequest({ timestamp: stale, body: "garbage" }), now), "stale_timestamp");
    const future = String(now + 5 * 60_000 + 1);
    refuses(() => receiver.open(cardRequest({ timestamp: future }), now), "stale_timestamp");
    refuses(() => receiver.open(cardRequest({ timestamp: "soon" }), now), "stale_timestamp");
    assert.equal(receiver.open(cardRequest({ timestamp: String(now - 5 * 60_000) }), now).events.length, 1);
  });

  it("a signed body that is not JSON is a bad envelope", () => {
    refuses(() => receiver.open(cardRequest({ body: "garbage" }), now), "bad_envelope");
  });

  it("a signed JSON body that is not a click on our buttons is recorded as refused for its shape, and answered", () => {
    const refusedOf = (body: unknown) => {
      const opened = receiver.open(cardRequest({ body: JSON.stringify(body) }), now);
      assert.deepEqual(opened.reply, { status: 200, contentType: "application/json", body: "{}" });
      const [event] = opened.events;
      assert.equal(event?.kind, "other");
      assert.equal(event.kind === "other" ? event.type : "", "card_click_refused");
      return (event as unknown as { payload: { reason: string; detail: string } }).payload;
    };
    assert.equal(refusedOf({ ...payload, type: "dataCallback" }).reason, "not_action_callback");
    const noKey = refusedOf({ ...payload, content: JSON.stringify({ cardPrivateData: { actionIds: ["action1"], params: {} } }) });
    assert.equal(noKey.reason, "missing_key");
    assert.match(noKey.detail, /缺少 params\.key.*params 为 \{\}.*\["action1"\]/);
    assert.equal(refusedOf({ ...payload, content: "{not json" }).reason, "unreadable_content");
    assert.equal(refusedOf({ ...payload, userId: undefined }).reason, "no_card_or_user");
  });

});
