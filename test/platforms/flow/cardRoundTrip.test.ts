// The whole platform path over real HTTP with the in-app sandbox: a card is queued, delivered by the
// dispatcher to the fake platform, clicked in the fake (the real encrypted callback to /callbacks/…),
// recorded, processed, and every copy updated — once, however often the platform retries.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { encrypt, getSignature } from "@wecom/crypto";
import { eq } from "drizzle-orm";
import { cardDeliveries, inboundEvents, outboxMessages } from "../../../server/db/schema";
import { SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import { makeStaff } from "../../helpers/factories";
import { startTestApp, type TestApp } from "../../helpers/testApp";

describe("card round trip through the sandbox platforms", () => {
  let t: TestApp;
  let wecomStaff: { id: number; name: string };
  let dingStaff: { id: number; name: string };

  before(async () => {
    t = await startTestApp();
    wecomStaff = makeStaff(t.database.db, { name: "王芳", wecomUserId: "WangFang", roles: ["advisor"] });
    dingStaff = makeStaff(t.database.db, { name: "许婷", dingtalkUserId: "dt_xuting", dingtalkUnionId: "union_xuting", roles: ["finance"] });
  });
  after(() => t.close());

  /** A template_card_event exactly as WeCom signs and encrypts it (fixed nonce, so it can be replayed). */
  function signedWecomClick(o: { userId: string; taskId: string; responseCode: string; nonce: string }) {
    const now = Math.floor(t.clock.now() / 1000);
    const xml =
      `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[${o.userId}]]></FromUserName>` +
      `<CreateTime>${now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>` +
      `<EventKey><![CDATA[ack]]></EventKey><TaskId><![CDATA[${o.taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>` +
      `<ResponseCode><![CDATA[${o.responseCode}]]></ResponseCode><AgentID>${SANDBOX_WECOM.agentId}</AgentID></xml>`;
    const ciphertext = encrypt(SANDBOX_WECOM.encodingAesKey, xml, SANDBOX_WECOM.corpId);
    const signature = getSignature(SANDBOX_WECOM.token, now, o.nonce, ciphertext);
    return {
      path: `/callbacks/wecom?msg_signature=${signature}&timestamp=${now}&nonce=${o.nonce}`,
      body: `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><AgentID><![CDATA[${SANDBOX_WECOM.agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
    };
  }

  const sandbox = () => {
    const s = t.runtime.sandbox;
    if (!s) throw new Error("the test app runs on the sandbox");
    return s;
  };

  /** Sends a test card to `staffId` and delivers it; returns the card's copy for that person. */
  async function deliverTestCard(staffId: number) {
    const res = await t.admin.post("/api/v1/platform/test-card", { staffId });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    await t.runtime.dispatcher.runOnce();
    const delivery = t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, res.body.cardId)).get();
    assert.ok(delivery);
    assert.equal(delivery.status, "sent");
    return delivery;
  }

  it("WeCom: the card arrives, 知道了 becomes the callback, and the card shows who acknowledged it", async () => {
    const delivery = await deliverTestCard(wecomStaff.id);
    const [card] = sandbox().wecom.inbox("WangFang");
    assert.ok(card);
    assert.equal(card.title, "学管连接测试");
    assert.deepEqual(card.buttons.map((b) => b.text), ["知道了"]);

    const answer = await sandbox().wecom.click({ userId: "WangFang", taskId: delivery.taskId, actionKey: "ack" });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, "", "WeCom is acknowledged with an empty 200 and the work follows");
    await t.runtime.inbound.idle();
    await t.runtime.dispatcher.runOnce();

    const [updated] = sandbox().wecom.inbox("WangFang");
    assert.ok(updated);
    assert.match(updated.state ?? "", /^已确认 · 王芳 · \d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    assert.deepEqual(updated.buttons, []);
    const updates = sandbox().wecom.calls.filter((c) => c.api.endsWith("update_template_card"));
    assert.equal(updates.length, 1);
    assert.equal(updates[0]?.errorCode, undefined, "the update used the click's fresh response code");
  });

  it("WeCom retries the same callback three times: one inbound row, one effect, three acknowledgements", async () => {
    const delivery = await deliverTestCard(wecomStaff.id);
    const code = delivery.responseCode;
    assert.ok(code, "the send's response code is kept");
    const url = signedWecomClick({ userId: "WangFang", taskId: delivery.taskId, responseCode: code, nonce: "replay42" });
    const updatesBefore = sandbox().wecom.calls.filter((c) => c.api.endsWith("update_template_card")).length;
    for (let i = 0; i < 3; i++) {
      const res = await t.anonymous.raw(url.path, { method: "POST", headers: { "content-type": "text/xml" }, body: url.body });
      assert.equal(res.status, 200);
    }
    await t.runtime.inbound.idle();
    await t.runtime.dispatcher.runOnce();
    const rows = t.database.db.select().from(inboundEvents).all().filter((r) => r.eventKey.includes(delivery.taskId));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, "processed");
    const updates = sandbox().wecom.calls.filter((c) => c.api.endsWith("update_template_card"));
    assert.equal(updates.length - updatesBefore, 1, "one card update for three deliveries of the callback");
  });

  it("DingTalk: the card arrives as an interactive card and the click comes back as the card callback", async () => {
    const delivery = await deliverTestCard(dingStaff.id);
    assert.equal(delivery.platform, "dingtalk");
    const [card] = sandbox().dingtalk.inbox("dt_xuting");
    assert.ok(card);
    assert.equal(card.title, "学管连接测试");
    const answer = await sandbox().dingtalk.click({ userId: "dt_xuting", taskId: delivery.taskId, actionKey: "ack" });
    assert.equal(answer.status, 200);
    await t.runtime.inbound.idle();
    await t.runtime.dispatcher.runOnce();
    const [updated] = sandbox().dingtalk.inbox("dt_xuting");
    assert.match(updated?.state ?? "", /^已确认 · 许婷 /);
    assert.deepEqual(updated?.buttons, []);
  });

  it("refuses a forged callback with 401 and records nothing", async () => {
    const before = t.database.db.select().from(inboundEvents).all().length;
    const res = await t.anonymous.raw("/callbacks/wecom?msg_signature=0000&timestamp=1&nonce=1", {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: "<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>",
    });
    assert.equal(res.status, 401);
    assert.equal(t.database.db.select().from(inboundEvents).all().length, before);
  });

  it("a signed click on someone else's copy is recorded and ignored: no effect", async () => {
    makeStaff(t.database.db, { name: "李娜", wecomUserId: "LiNa", roles: ["advisor"] });
    const delivery = await deliverTestCard(wecomStaff.id);
    const forged = signedWecomClick({ userId: "LiNa", taskId: delivery.taskId, responseCode: "x", nonce: "stranger" });
    const res = await t.anonymous.raw(forged.path, { method: "POST", headers: { "content-type": "text/xml" }, body: forged.body });
    assert.equal(res.status, 200, "acknowledged, so the platform stops retrying");
    await t.runtime.inbound.idle();
    const row = t.database.db.select().from(inboundEvents).all().find((r) => r.eventKey.startsWith(`LiNa:`) && r.eventKey.includes(delivery.taskId));
    assert.equal(row?.status, "ignored");
    assert.equal(row?.outcome, "clicker is not this card's recipient");
    const updates = t.database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "card.update")).all();
    assert.ok(updates.every((u) => (u.payload as { deliveryId: number }).deliveryId !== delivery.id));
  });

  it("logs in with a WeCom OAuth code and a DingTalk code; an unknown account is told whom to ask", async () => {
    const wecomCode = sandbox().wecom.loginCode("WangFang");
    const res = await t.anonymous.post("/api/v1/auth/wecom", { code: wecomCode });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, "王芳");
    assert.ok(res.headers.getSetCookie().some((c) => c.startsWith("xg_session=")));
    const reused = await t.anonymous.post("/api/v1/auth/wecom", { code: wecomCode });
    assert.equal(reused.status, 401, "a login code works once");

    // The DingTalk client's 免登 posts its code to the JSON API (the GET landing needs a login round trip
    // started in the same browser: test/http/oauthState.test.ts).
    const dingCode = sandbox().dingtalk.loginCode("dt_xuting");
    const ding = await t.anonymous.post("/api/v1/auth/dingtalk", { code: dingCode });
    assert.equal(ding.status, 200);
    assert.ok(ding.headers.getSetCookie().some((c) => c.startsWith("xg_session=")));

    makeStaff(t.database.db, { name: "离职", wecomUserId: "Gone", status: "left" });
    const gone = await t.anonymous.post("/api/v1/auth/wecom", { code: sandbox().wecom.loginCode("Gone") });
    assert.ok([401, 403].includes(gone.status));
  });
});
