// The WeCom receiver: the official WXBizMsgCrypt vector through `open`, a click made by the fake
// WeCom decoded into the right CardActionEvent (and its response code used for the update), the
// URL verification, other events' dedupe keys, and refusals that are always CallbackRefused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { encrypt, getSignature } from "@wecom/crypto";
import type { WecomConfig } from "../../../server/platforms/platformConfig";
import type { CallbackRequest } from "../../../server/platforms/types";
import { createWecomReceiver, decodeWecomMessage } from "../../../server/platforms/wecom/wecomReceiver";
import { buildWecomXml } from "../../../server/platforms/wecom/wecomXml";
import { cardModel, refuses, rejectsPlatform, startCallbackApp, startWecomKit, type CallbackApp, type WecomKit } from "./wecomTestKit";

const VECTOR: WecomConfig = {
  corpId: "wx5823bf96d3bd56c7",
  agentId: "218",
  secret: "unused",
  token: "QDG6eK",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  apiBase: "http://127.0.0.1:9",
};
const ENCRYPT =
  "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
const envelope = (encryptText: string) =>
  `<xml><ToUserName><![CDATA[${VECTOR.corpId}]]></ToUserName><Encrypt><![CDATA[${encryptText}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;

const get = (query: Record<string, string>): CallbackRequest => ({ method: "GET", query, headers: {}, body: "" });
const post = (query: Record<string, string>, body: string): CallbackRequest => ({
  method: "POST",
  query,
  headers: { "content-type": "text/xml" },
  body,
});

describe("WeCom receiver: the official vector", () => {
  const receiver = createWecomReceiver(VECTOR);

  it("answers the URL check with exactly the decrypted echo", () => {
    const opened = receiver.open(
      get({
        msg_signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
        timestamp: "1409659589",
        nonce: "263014780",
        echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
      }),
      1409659589_000,
    );
    assert.deepEqual(opened, { events: [], reply: { status: 200, contentType: "text/plain", body: "1616140317555161061" } });
  });

  it("decodes the POSTed text message and acks with an empty 200", () => {
    const opened = receiver.open(
      post({ msg_signature: "477715d11cdb4164915debcba66cb864d751f3e6", timestamp: "1409659813", nonce: "1372623149" }, envelope(ENCRYPT)),
      1409659813_000,
    );
    assert.deepEqual(opened.reply, { status: 200, contentType: "text/plain", body: "" });
    assert.equal(opened.events.length, 1);
    const [event] = opened.events;
    assert.equal(event?.kind, "other");
    assert.equal(event?.eventKey, "msg:4561255354251345929");
    assert.equal(event?.kind === "other" ? event.type : "", "text");
  });
});

describe("WeCom receiver: refusals are CallbackRefused", () => {
  const receiver = createWecomReceiver(VECTOR);
  const query = { msg_signature: "477715d11cdb4164915debcba66cb864d751f3e6", timestamp: "1409659813", nonce: "1372623149" };
  const now = 1409659813_000;
  const signed = (encryptText: string) => ({ ...query, msg_signature: getSignature(VECTOR.token, query.timestamp, query.nonce, encryptText) });

  it("a forged signature", () => {
    refuses(() => receiver.open(post({ ...query, msg_signature: "0".repeat(40) }, envelope(ENCRYPT)), now), "bad_signature");
    refuses(() => receiver.open(get({ ...query, msg_signature: "f".repeat(40), echostr: ENCRYPT }), now), "bad_signature");
  });

  it("a message for another corp", () => {
    refuses(() => createWecomReceiver({ ...VECTOR, corpId: "wwsomeoneelse" }).open(post(query, envelope(ENCRYPT)), now), "wrong_receiver");
  });

  it("a stale timestamp", () => {
    refuses(() => receiver.open(post(query, envelope(ENCRYPT)), now + 5 * 60_000 + 1), "stale_timestamp");
  });

  it("a truncated ciphertext, validly signed", () => {
    const cut = ENCRYPT.slice(0, 64);
    refuses(() => receiver.open(post(signed(cut), envelope(cut)), now), "bad_ciphertext");
  });

  it("missing parameters, a GET without echostr, a body without Encrypt", () => {
    refuses(() => receiver.open(post({}, envelope(ENCRYPT)), now), "bad_envelope");
    refuses(() => receiver.open(get(query), now), "bad_envelope");
    refuses(() => receiver.open(post(query, "<xml><ToUserName>x</ToUserName></xml>"), now), "bad_envelope");
    refuses(() => receiver.open(post(query, "not xml at all"), now), "bad_envelope");
  });
});

describe("WeCom receiver: other events", () => {
  it("keys events by FromUserName + CreateTime + Event", () => {
    const event = decodeWecomMessage({
      ToUserName: "ww1",
      FromUserName: "lilei",
      CreateTime: "1741000000",
      MsgType: "event",
      Event: "enter_agent",
      AgentID: "1000002",
    });
    assert.equal(event.kind, "other");
    assert.equal(event.eventKey, "lilei:1741000000:enter_agent");
    assert.equal(event.kind === "other" ? event.type : "", "enter_agent");
  });

  it("a template_card_event without a TaskId is recorded, not acted on", () => {
    const event = decodeWecomMessage({ FromUserName: "lilei", CreateTime: "1741000000", MsgType: "event", Event: "template_card_event", EventKey: "confirm" });
    assert.equal(event.kind, "other");
  });
});

describe("WeCom receiver: clicks made by the fake WeCom", () => {
  let kit: WecomKit;
  let app: CallbackApp;
  before(async () => {
    kit = await startWecomKit();
    app = await startCallbackApp(kit.platform.receiver ?? createWecomReceiver(kit.config), kit.clock);
    kit.setAppBaseUrl(app.url);
  });
  after(async () => {
    await app.close();
    await kit.close();
  });

  it("a click arrives as a CardActionEvent whose response code updates the card once", async () => {
    const card = cardModel("xg-9-1-click");
    await kit.platform.sendCard({ card, to: [{ userId: "WangFang" }, { userId: "lilei" }] });
    kit.clock.advance(30_000);
    const answer = await kit.fake.click({ userId: "WangFang", taskId: card.taskId, actionKey: "confirm" });
    assert.deepEqual(answer, { status: 200, body: "" });
    assert.deepEqual(app.refusals, []);
    const createTime = Math.floor(kit.clock.now() / 1000);
    const [event, ...rest] = app.events;
    assert.equal(rest.length, 0);
    assert.ok(event?.kind === "card_action");
    assert.equal(typeof event.responseCode, "string");
    assert.deepEqual(event, {
      kind: "card_action",
      platform: "wecom",
      eventKey: `WangFang:${createTime}:${card.taskId}:confirm`,
      userId: "WangFang",
      cardTaskId: card.taskId,
      actionKey: "confirm",
      responseCode: event.responseCode,
      occurredAt: createTime * 1000,
    });

    const decided = { ...card, state: "已由 王芳 确认" };
    await kit.platform.updateCard({ card: decided, to: [{ userId: "WangFang" }, { userId: "lilei" }], responseCode: event.responseCode });
    assert.equal(kit.fake.inbox("WangFang")[0]?.state, "已由 王芳 确认");
    assert.equal(kit.fake.inbox("lilei")[0]?.state, "已由 王芳 确认");
    await rejectsPlatform(kit.platform.updateCard({ card: decided, to: [{ userId: "WangFang" }], responseCode: event.responseCode }), "permanent", "60140");
    await assert.rejects(kit.fake.click({ userId: "lilei", taskId: card.taskId, actionKey: "cancel" }), /already shows/);
  });

  it("refuses to click what is not there", async () => {
    const card = cardModel("xg-9-2-nokey");
    await kit.platform.sendCard({ card, to: [{ userId: "hanmeimei" }] });
    await assert.rejects(kit.fake.click({ userId: "hanmeimei", taskId: card.taskId, actionKey: "delete" }), /no button/);
    await assert.rejects(kit.fake.click({ userId: "zhangwei", taskId: card.taskId, actionKey: "confirm" }), /no WeCom card/);
  });

  it("the URL verification passes against the receiver, and fails with the wrong token", async () => {
    assert.equal((await kit.fake.verifyCallbackUrl()).ok, true);
    const wrong = await startCallbackApp(createWecomReceiver({ ...kit.config, token: "SomeOtherToken" }), kit.clock);
    kit.setAppBaseUrl(wrong.url);
    try {
      const result = await kit.fake.verifyCallbackUrl();
      assert.equal(result.ok, false);
      assert.equal(result.status, 400);
      assert.equal(wrong.refusals[0]?.reason, "bad_signature");
    } finally {
      kit.setAppBaseUrl(app.url);
      await wrong.close();
    }
  });

  it("a click signed with our own keys round-trips; a replay of the same click has the same event key", () => {
    const receiver = createWecomReceiver(kit.config);
    const xml = buildWecomXml({
      ToUserName: { cdata: kit.config.corpId },
      FromUserName: { cdata: "lilei" },
      CreateTime: { plain: String(Math.floor(kit.clock.now() / 1000)) },
      MsgType: { cdata: "event" },
      Event: { cdata: "template_card_event" },
      EventKey: { cdata: "cancel" },
      TaskId: { cdata: "xg-9-3-replay" },
      CardType: { cdata: "button_interaction" },
      ResponseCode: { cdata: "rc" },
      AgentID: { plain: kit.config.agentId },
    });
    const ciphertext = encrypt(kit.config.encodingAesKey, xml, kit.config.corpId);
    const timestamp = String(Math.floor(kit.clock.now() / 1000));
    const query = { msg_signature: getSignature(kit.config.token, timestamp, "42", ciphertext), timestamp, nonce: "42" };
    const body = `<xml><ToUserName><![CDATA[${kit.config.corpId}]]></ToUserName><AgentID><![CDATA[${kit.config.agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
    const first = receiver.open(post(query, body), kit.clock.now()).events[0];
    const again = receiver.open(post(query, body), kit.clock.now() + 2000).events[0];
    assert.equal(first?.eventKey, `lilei:${timestamp}:xg-9-3-replay:cancel`);
    assert.equal(again?.eventKey, first?.eventKey);
    const tampered = body.replace(ciphertext, ciphertext.slice(0, -8) + "AAAAAAA=");
    refuses(() => receiver.open(post(query, tampered), kit.clock.now()), "bad_signature");
  });
});
