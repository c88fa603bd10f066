// The /sandbox pages over the real WeCom fake: a template card sent through the fake's API shows in
// the member's inbox, its button posts the real encrypted callback to the app, the OAuth link is one
// the fake answers with a code, and the calls show on the staff list.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import { makeStaff } from "../../helpers/factories";
import { startSandboxWithWecom } from "./sandboxPageServer";

describe("the /sandbox pages with the real WeCom fake", () => {
  let s: Awaited<ReturnType<typeof startSandboxWithWecom>>;
  let token = "";
  let memberId = 0;

  before(async () => {
    s = await startSandboxWithWecom();
    memberId = makeStaff(s.db, { name: "王芳", roles: ["head_teacher"], wecomUserId: "WangFang" }).id;
    const got = await s.get(`/sandbox/wecom/cgi-bin/gettoken?corpid=${SANDBOX_WECOM.corpId}&corpsecret=${SANDBOX_WECOM.secret}`);
    assert.equal(got.status, 200);
    const body = JSON.parse(got.text);
    assert.equal(body.errcode, 0, got.text);
    token = body.access_token;
    const sent = await s.json("POST", `/sandbox/wecom/cgi-bin/message/send?access_token=${token}`, {
      touser: "WangFang",
      msgtype: "template_card",
      agentid: Number(SANDBOX_WECOM.agentId),
      template_card: {
        card_type: "button_interaction",
        task_id: "leave-42",
        main_title: { title: "请假审批：张小明", desc: "五年级数学A班" },
        horizontal_content_list: [{ keyname: "请假日期", value: "3月3日" }],
        card_action: { type: 1, url: "http://127.0.0.1:3000/m/approvals/42" },
        button_list: [
          { text: "同意", style: 1, key: "approve" },
          { text: "驳回", style: 4, key: "reject" },
        ],
      },
    });
    assert.equal(JSON.parse(sent.text).errcode, 0, sent.text);
  });
  after(() => s.close());

  it("shows the card the fake received in the member's inbox", async () => {
    const page = await s.get(`/sandbox/staff/${memberId}`);
    const card = page.text.match(/<article class="wc" id="card-wecom-leave-42">.*?<\/article>/)?.[0] ?? "";
    assert.match(card, /<div class="tt">请假审批：张小明<\/div><div class="ds">五年级数学A班<\/div>/);
    assert.match(card, /<span class="k">请假日期<\/span><span class="v">3月3日<\/span>/);
    assert.match(card, /class="b-primary">同意<\/button>.*class="b-danger">驳回<\/button>/);
    assert.match(card, /href="http:\/\/127\.0\.0\.1:3000\/m\/approvals\/42">查看详情/);
  });

  it("clicks through the fake: the app's callback URL gets WeCom's signed, encrypted POST", async () => {
    const res = await s.form("/sandbox/click", { platform: "wecom", staffId: String(memberId), taskId: "leave-42", actionKey: "approve" });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/sandbox/staff/${memberId}?sent=1#card-wecom-leave-42`);
    const [callback] = s.callbacks;
    assert.ok(callback);
    assert.deepEqual(Object.keys(callback.query).sort(), ["msg_signature", "nonce", "timestamp"]);
    assert.match(callback.body, /<Encrypt><!\[CDATA\[.+\]\]><\/Encrypt>/);

    s.state.callbackStatus = 500;
    const refused = await s.form("/sandbox/click", { platform: "wecom", staffId: String(memberId), taskId: "leave-42", actionKey: "reject" });
    assert.equal(refused.location, `/sandbox/staff/${memberId}?error=refused&status=500`);
    s.state.callbackStatus = 200;
  });

  it("opens the mini-app as the member through the fake's OAuth page (a fresh code for the app's callback)", async () => {
    const page = await s.get(`/sandbox/staff/${memberId}`);
    const href = page.text.match(/<a class="btn" href="([^"]+)">以此身份打开小程序<\/a>/)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const authorize = await s.get(href.replace(/#.*$/, ""));
    assert.equal(authorize.status, 302, authorize.text);
    const target = new URL(authorize.location ?? "");
    assert.equal(`${target.origin}${target.pathname}`, `${s.baseUrl}/auth/wecom/callback`);
    assert.equal(target.searchParams.get("next"), "/app/");
    assert.equal(target.searchParams.get("state"), "sandbox");
    assert.ok((target.searchParams.get("code") ?? "").length > 0);
    const userinfo = await s.get(`/sandbox/wecom/cgi-bin/auth/getuserinfo?access_token=${token}&code=${target.searchParams.get("code")}`);
    assert.equal(JSON.parse(userinfo.text).userid, "WangFang");
  });

  it("lists the calls the fake answered on the staff list, newest first", async () => {
    const page = await s.get("/sandbox");
    const apis = [...page.text.matchAll(/<td class="api">(.+?)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(apis.slice(-3), ["/connect/oauth2/authorize", "/cgi-bin/message/send", "/cgi-bin/gettoken"]);
    assert.equal(apis[0], "/cgi-bin/auth/getuserinfo");
  });
});
