// The /sandbox pages over the real WeCom fake: a template card sent through the fake's API shows in
// the member's inbox, its callback button posts the real encrypted callback to the app, its link button
// (type 1) opens its url logged in as the member, the OAuth link (after the app's login round trip is
// started) is one the fake answers with a code, and the calls show on the staff list.
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
          { text: "驳回", style: 4, type: 1, url: "http://127.0.0.1:3000/app/approvals/42?action=reject" },
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
    assert.match(card, /class="b-primary">同意<\/button><\/form><a class="b-danger" href="[^"]+">驳回<\/a>/);
    assert.match(card, new RegExp(`href="/sandbox/open/wecom/${memberId}\\?url=http%3A%2F%2F127\\.0\\.0\\.1%3A3000%2Fm%2Fapprovals%2F42">查看详情`));
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
    const refused = await s.form("/sandbox/click", { platform: "wecom", staffId: String(memberId), taskId: "leave-42", actionKey: "approve" });
    assert.equal(refused.location, `/sandbox/staff/${memberId}?error=refused&status=500`);
    s.state.callbackStatus = 200;
  });

  it("shows a type 1 button as a link: it opens its url as the member (fake OAuth, then the page) and sends no callback", async () => {
    const [view] = s.wecom.inbox("WangFang");
    assert.deepEqual(view?.buttons, [
      { key: "approve", text: "同意", style: "primary" },
      { url: "http://127.0.0.1:3000/app/approvals/42?action=reject", text: "驳回", style: "danger" },
    ]);
    const page = await s.get(`/sandbox/staff/${memberId}`);
    const href = page.text.match(/<a class="b-danger" href="([^"]+)">驳回<\/a>/)?.[1]?.replace(/&amp;/g, "&") ?? "";
    assert.equal(href, `/sandbox/open/wecom/${memberId}?url=${encodeURIComponent("http://127.0.0.1:3000/app/approvals/42?action=reject")}`);
    const open = await s.get(href);
    assert.equal(open.status, 302, open.text);
    const authorize = await s.get((open.location ?? "").replace(/#.*$/, ""));
    assert.equal(authorize.status, 302, authorize.text);
    const target = new URL(authorize.location ?? "");
    assert.equal(`${target.origin}${target.pathname}`, `${s.baseUrl}/auth/wecom/callback`);
    assert.equal(target.searchParams.get("next"), "/app/approvals/42?action=reject", "lands on the page the button names");
    assert.ok((target.searchParams.get("code") ?? "").length > 0);

    const callbacks = s.callbacks.length;
    const pressed = await s.form("/sandbox/click", { platform: "wecom", staffId: String(memberId), taskId: "leave-42", actionKey: "reject" });
    assert.equal(pressed.location, `/sandbox/staff/${memberId}?error=no_button`, "a link button has nothing to call back");
    assert.equal(s.callbacks.length, callbacks);
  });

  it("opens the mini-app as the member through the fake's OAuth page (a fresh code for the app's callback)", async () => {
    const page = await s.get(`/sandbox/staff/${memberId}`);
    const href = page.text.match(/<a class="btn" href="([^"]+)">以此身份打开小程序<\/a>/)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const open = await s.get(href);
    assert.equal(open.status, 302, open.text);
    const state = /xg_login_state=([0-9a-f]+)\./.exec(open.headers.getSetCookie().join("; "))?.[1];
    assert.ok(state, "the app's login round trip is started");
    const authorize = await s.get((open.location ?? "").replace(/#.*$/, ""));
    assert.equal(authorize.status, 302, authorize.text);
    const target = new URL(authorize.location ?? "");
    assert.equal(`${target.origin}${target.pathname}`, `${s.baseUrl}/auth/wecom/callback`);
    assert.equal(target.searchParams.get("next"), "/app/");
    assert.equal(target.searchParams.get("state"), state);
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
