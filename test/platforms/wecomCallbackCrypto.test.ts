// WeCom callback crypto against the official WXBizMsgCrypt vector, a seal → open round trip, and
// every refusal: each must be a CallbackRefused with its reason, never another exception type.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getSignature } from "@wecom/crypto";
import { CallbackRefused, type RefusalReason } from "../../server/platforms/callbackCrypto";
import { openCallback, sealReply, verifyUrl } from "../../server/platforms/wecom/wecomCallbackCrypto";

const keys = { token: "QDG6eK", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", corpId: "wx5823bf96d3bd56c7" };

const url = {
  timestamp: "1409659589",
  nonce: "263014780",
  msgSignature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
  echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
  now: 1409659589_000,
};

const ENCRYPT =
  "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
const envelope = (encrypt: string) =>
  `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
const post = {
  timestamp: "1409659813",
  nonce: "1372623149",
  msgSignature: "477715d11cdb4164915debcba66cb864d751f3e6",
  body: envelope(ENCRYPT),
  now: 1409659813_000,
};

/** A POST whose signature is valid for `encrypt`, so only the later checks can refuse it. */
const signedPost = (encrypt: string) => ({
  ...post,
  body: envelope(encrypt),
  msgSignature: getSignature(keys.token, post.timestamp, post.nonce, encrypt),
});

function refused(run: () => unknown, reason: RefusalReason) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CallbackRefused, `expected CallbackRefused, got ${String(error)}`);
    assert.equal(error.reason, reason);
    return true;
  });
}

const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "a" ? "b" : "a") + s.slice(at + 1);

describe("WeCom callback crypto: official vector", () => {
  it("URL verification returns the plaintext echo", () => {
    assert.equal(verifyUrl({ ...keys, ...url }), "1616140317555161061");
  });

  it("POST opens to the text message fields", () => {
    const { message, receiveId } = openCallback({ ...keys, ...post });
    assert.equal(receiveId, keys.corpId);
    assert.deepEqual(message, {
      ToUserName: "wx5823bf96d3bd56c7",
      FromUserName: "mycreate",
      CreateTime: "1409659813",
      MsgType: "text",
      Content: "hello",
      MsgId: "4561255354251345929",
      AgentID: "218",
    });
  });

  it("sealReply with the vector's random reproduces the vector's ciphertext and signature", () => {
    const plaintext =
      "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";
    const sealed = sealReply({ ...keys, message: plaintext, timestamp: post.timestamp, nonce: post.nonce, random: Buffer.from("0960688932c47ef1") });
    assert.equal(
      sealed,
      `<xml><Encrypt><![CDATA[${ENCRYPT}]]></Encrypt><MsgSignature><![CDATA[${post.msgSignature}]]></MsgSignature><TimeStamp>${post.timestamp}</TimeStamp><Nonce><![CDATA[${post.nonce}]]></Nonce></xml>`,
    );
  });

  it("round trip: sealReply → openCallback", () => {
    const reply = "<xml><ToUserName><![CDATA[zhangsan]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 & <欢迎> ]]></Content></xml>";
    const body = sealReply({ ...keys, message: reply, timestamp: "1700000000", nonce: "abc123" });
    const sig = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]><\/MsgSignature>/.exec(body)?.[1] ?? "";
    const { message } = openCallback({ ...keys, msgSignature: sig, timestamp: "1700000000", nonce: "abc123", body, now: 1700000000_000 });
    assert.equal(message.Content, "你好 & <欢迎> ");
    assert.equal(message.ToUserName, "zhangsan");
  });
});

describe("WeCom callback crypto: refusals", () => {
  it("a forged signature (one char changed), before any decryption", () => {
    refused(() => openCallback({ ...keys, ...post, msgSignature: flip(post.msgSignature, 7) }), "bad_signature");
    refused(() => verifyUrl({ ...keys, ...url, msgSignature: flip(url.msgSignature, 0) }), "bad_signature");
    refused(() => openCallback({ ...keys, ...post, msgSignature: post.msgSignature.toUpperCase() }), "bad_signature");
    refused(() => openCallback({ ...keys, ...post, msgSignature: post.msgSignature.slice(1) }), "bad_signature");
    refused(() => openCallback({ ...keys, ...post, body: envelope(flip(ENCRYPT, 10)) }), "bad_signature");
    refused(() => openCallback({ ...keys, ...post, token: "other" }), "bad_signature");
  });

  it("a wrong receive id", () => {
    refused(() => openCallback({ ...keys, ...post, corpId: "wwsomeoneelse" }), "wrong_receiver");
    refused(() => verifyUrl({ ...keys, ...url, corpId: "wx5823bf96d3bd56c" }), "wrong_receiver");
  });

  it("a stale timestamp, and one too far in the future", () => {
    refused(() => openCallback({ ...keys, ...post, now: post.now + 5 * 60_000 + 1 }), "stale_timestamp");
    refused(() => openCallback({ ...keys, ...post, now: post.now - 5 * 60_000 - 1 }), "stale_timestamp");
    refused(() => openCallback({ ...keys, ...post, now: post.now + 61_000, windowMs: 60_000 }), "stale_timestamp");
    assert.doesNotThrow(() => openCallback({ ...keys, ...post, now: post.now + 5 * 60_000 }));
    assert.doesNotThrow(() => openCallback({ ...keys, ...post, now: post.now - 5 * 60_000 }));
  });

  it("a non-numeric timestamp (validly signed)", () => {
    const msgSignature = getSignature(keys.token, "soon", post.nonce, ENCRYPT);
    refused(() => openCallback({ ...keys, ...post, timestamp: "soon", msgSignature }), "stale_timestamp");
  });

  it("a truncated ciphertext", () => {
    refused(() => openCallback({ ...keys, ...post, body: envelope(ENCRYPT.slice(0, 200)) }), "bad_signature");
    for (const cut of [ENCRYPT.slice(0, 200), ENCRYPT.slice(0, 64), ENCRYPT.slice(0, 128) + "==", ENCRYPT.slice(0, 44)]) {
      refused(() => openCallback({ ...keys, ...signedPost(cut) }), "bad_ciphertext");
    }
  });

  it("a whole-block truncation, whose length field overruns", () => {
    // 352 bytes → first 320 bytes (whole blocks): decrypts, but the length and padding no longer fit.
    const cut = Buffer.from(ENCRYPT, "base64").subarray(0, 320).toString("base64");
    refused(() => openCallback({ ...keys, ...signedPost(cut) }), "bad_ciphertext");
  });

  it("garbage base64 and garbled blocks", () => {
    refused(() => openCallback({ ...keys, ...signedPost("!!not base64!!") }), "bad_ciphertext");
    refused(() => openCallback({ ...keys, ...signedPost("Zm9v") }), "bad_ciphertext");
    const garbled = Buffer.alloc(64, 7).toString("base64");
    refused(() => openCallback({ ...keys, ...signedPost(garbled) }), "bad_ciphertext");
    const tail = Buffer.from(ENCRYPT, "base64");
    tail.writeUInt8(tail.readUInt8(tail.length - 1) ^ 0xff, tail.length - 1);
    refused(() => openCallback({ ...keys, ...signedPost(tail.toString("base64")) }), "bad_ciphertext");
    const msgSignature = getSignature(keys.token, url.timestamp, url.nonce, "%%%");
    refused(() => verifyUrl({ ...keys, ...url, echostr: "%%%", msgSignature }), "bad_ciphertext");
  });

  it("a sealed plaintext that is not XML", () => {
    const body = sealReply({ ...keys, message: "not xml at all", timestamp: post.timestamp, nonce: post.nonce });
    const sig = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]>/.exec(body)?.[1] ?? "";
    refused(() => openCallback({ ...keys, ...post, msgSignature: sig, body }), "bad_ciphertext");
  });

  it("an envelope without Encrypt, or not XML", () => {
    refused(() => openCallback({ ...keys, ...post, body: `<xml><ToUserName><![CDATA[x]]></ToUserName></xml>` }), "bad_envelope");
    refused(() => openCallback({ ...keys, ...post, body: `<xml><Encrypt></Encrypt></xml>` }), "bad_envelope");
    refused(() => openCallback({ ...keys, ...post, body: `<xml><Encrypt><![CDATA[a]]></Encrypt><Encrypt><![CDATA[b]]></Encrypt></xml>` }), "bad_envelope");
    refused(() => openCallback({ ...keys, ...post, body: "" }), "bad_envelope");
    refused(() => openCallback({ ...keys, ...post, body: "{\"Encrypt\":\"x\"}" }), "bad_envelope");
    refused(() => openCallback({ ...keys, ...post, body: "<<<" }), "bad_envelope");
  });

  it("an envelope with a DOCTYPE entity does not expand it", () => {
    const body = `<!DOCTYPE xml [<!ENTITY e "${ENCRYPT}">]><xml><Encrypt>&e;</Encrypt></xml>`;
    refused(() => openCallback({ ...keys, ...post, body }), "bad_signature");
  });

  it("missing query values", () => {
    refused(() => openCallback({ ...keys, ...post, msgSignature: "" }), "bad_envelope");
    refused(() => verifyUrl({ ...keys, ...url, echostr: "" }), "bad_envelope");
  });
});
