// The callback endpoints over real HTTP: DingTalk's check_url answered with the encrypted "success",
// and every kind of bad request refused with a 4xx (never a 500) and nothing recorded.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { inboundEvents } from "../../../server/db/schema";
import { SANDBOX_DINGTALK, SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import { startTestApp, type TestApp } from "../../helpers/testApp";

describe("callback endpoints refuse what is not the platform's", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const seconds = () => String(Math.floor(t.clock.now() / 1000));
  const recorded = () => t.database.db.select().from(inboundEvents).all().length;

  function wecomRequest(o: { corpId?: string; timestamp?: string; cut?: number } = {}) {
    const timestamp = o.timestamp ?? seconds();
    const xml = `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[WangFang]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event></xml>`;
    let ciphertext = encrypt(SANDBOX_WECOM.encodingAesKey, xml, o.corpId ?? SANDBOX_WECOM.corpId);
    if (o.cut) ciphertext = ciphertext.slice(0, ciphertext.length - o.cut);
    const signature = getSignature(SANDBOX_WECOM.token, timestamp, "n1", ciphertext);
    return t.anonymous.raw(`/callbacks/wecom?msg_signature=${signature}&timestamp=${timestamp}&nonce=n1`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
    });
  }

  function dingtalkRequest(o: { event: object; receiveId?: string; timestamp?: string; signature?: string }) {
    const timestamp = o.timestamp ?? String(t.clock.now());
    const ciphertext = encrypt(SANDBOX_DINGTALK.aesKey, JSON.stringify(o.event), o.receiveId ?? SANDBOX_DINGTALK.appKey);
    const signature = o.signature ?? getSignature(SANDBOX_DINGTALK.token, timestamp, "n2", ciphertext);
    return t.anonymous.post(`/callbacks/dingtalk?msg_signature=${signature}&timestamp=${timestamp}&nonce=n2`, { encrypt: ciphertext });
  }

  it("WeCom: a good event is recorded and acknowledged; the same event again is only acknowledged", async () => {
    const first = await wecomRequest();
    assert.equal(first.status, 200);
    const again = await wecomRequest();
    assert.equal(again.status, 200);
    assert.equal(recorded(), 1);
  });

  it("WeCom: wrong corp id 401, stale timestamp 401, truncated ciphertext 4xx, no envelope 400", async () => {
    const before = recorded();
    assert.equal((await wecomRequest({ corpId: "wwsomeoneelse" })).status, 401);
    assert.equal((await wecomRequest({ timestamp: String(Math.floor(t.clock.now() / 1000) - 3600) })).status, 401);
    const cut = await wecomRequest({ cut: 7 });
    assert.ok(cut.status >= 400 && cut.status < 500, `truncated: ${cut.status}`);
    const bare = await t.anonymous.raw(`/callbacks/wecom?msg_signature=x&timestamp=${seconds()}&nonce=1`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: "not xml at all",
    });
    assert.equal(bare.status, 400);
    assert.equal(recorded(), before);
  });

  it("DingTalk: check_url is answered with the encrypted success, signed", async () => {
    const res = await dingtalkRequest({ event: { EventType: "check_url" } });
    assert.equal(res.status, 200);
    const reply = res.body as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
    assert.equal(getSignature(SANDBOX_DINGTALK.token, reply.timeStamp, reply.nonce, reply.encrypt), reply.msg_signature);
    const opened = decrypt(SANDBOX_DINGTALK.aesKey, reply.encrypt);
    assert.equal(opened.message, "success");
    assert.equal(opened.id, SANDBOX_DINGTALK.appKey);
  });

  it("DingTalk: forged signature, wrong receiver and stale timestamp are 401 and record nothing", async () => {
    const before = recorded();
    const event = { EventType: "user_add_org", eventId: "e1", userId: ["dt_x"] };
    assert.equal((await dingtalkRequest({ event, signature: "0".repeat(40) })).status, 401);
    assert.equal((await dingtalkRequest({ event, receiveId: "dingother" })).status, 401);
    assert.equal((await dingtalkRequest({ event, timestamp: String(t.clock.now() - 3_600_000) })).status, 401);
    const card = await t.anonymous.post("/callbacks/dingtalk", { type: "actionCallback", outTrackId: "x", userId: "u" }, {
      "x-ddpaas-signature-timestamp": String(t.clock.now()),
      "x-ddpaas-signature": "forged",
    });
    assert.equal(card.status, 401);
    assert.equal(recorded(), before);
    assert.equal((await dingtalkRequest({ event })).status, 200);
    assert.equal(recorded(), before + 1);
  });
});

describe("with a real platform configured", () => {
  it("never serves /sandbox", async () => {
    const t = await startTestApp({
      SANDBOX: "",
      WECOM_CORP_ID: "ww0123456789abcdef",
      WECOM_AGENT_ID: "1000002",
      WECOM_SECRET: "real-secret",
      WECOM_TOKEN: "realtoken",
      WECOM_ENCODING_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    });
    try {
      assert.equal(t.config.sandbox, false);
      assert.equal(t.runtime.sandbox, undefined);
      assert.equal((await t.anonymous.get("/sandbox")).status, 404);
      assert.equal((await t.anonymous.get("/sandbox/wecom/cgi-bin/gettoken")).status, 404);
      assert.equal((await t.anonymous.post("/callbacks/dingtalk", {})).status, 404, "DingTalk is off");
    } finally {
      await t.close();
    }
  });
});
