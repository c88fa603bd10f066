// How the mini-app starts and logs in, over HTTP: the public start-up facts, the sandbox's staff list,
// WeCom's OAuth round trip from /auth/wecom/start (with its state cookie) back to the page the person
// opened (and never to another site), and the shell's boot facts before and after login.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ensureMiniappBuilt } from "../../scripts/miniappBuild";
import { makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("mini-app start-up and workbench login", () => {
  let t: TestApp;
  let teacherId: number;

  before(async () => {
    await ensureMiniappBuilt({ quiet: true });
    t = await startTestApp();
    teacherId = makeStaff(t.database.db, { name: "王芳", roles: ["teacher", "head_teacher"], wecomUserId: "WangFang" }).id;
  });
  after(() => t.close());

  it("tells the page the platforms' public ids and the time zone, without a login and without secrets", async () => {
    const res = await t.anonymous.get("/api/v1/platform/client-config");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      sandbox: true,
      tz: "Asia/Shanghai",
      wecom: { corpId: "ww0sandbox0xueguan", agentId: "1000002" },
      dingtalk: { corpId: "ding0sandbox0xueguan", agentId: "3000001" },
    });
  });

  it("lists the sandbox's staff with their roles in words", async () => {
    const res = await t.anonymous.get("/api/v1/auth/sandbox-staff");
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.find((s: { id: number }) => s.id === teacherId),
      { id: teacherId, name: "王芳", roles: ["head_teacher", "teacher"], roleText: "老师、班主任" },
    );
  });

  it("sends WeCom's workbench to the OAuth page and back to the page that was opened, logged in", async () => {
    const start = await t.anonymous.raw("/auth/wecom/start?next=%2Fapp%2Fstudents%2F3%3Ftab%3Dhours", { method: "GET", redirect: "manual" });
    assert.equal(start.status, 302);
    const oauth = new URL(start.headers.get("location") ?? "");
    assert.equal(oauth.pathname, "/sandbox/wecom/connect/oauth2/authorize");
    assert.equal(oauth.hash, "#wechat_redirect");
    assert.equal(oauth.searchParams.get("appid"), "ww0sandbox0xueguan");
    assert.equal(oauth.searchParams.get("scope"), "snsapi_base");
    assert.equal(oauth.searchParams.get("agentid"), "1000002");
    const back = new URL(oauth.searchParams.get("redirect_uri") ?? "");
    assert.equal(back.pathname, "/auth/wecom/callback");
    assert.equal(back.searchParams.get("next"), "/app/students/3?tab=hours");
    // The state sent to WeCom is a fresh random one, kept in this browser's login-state cookie.
    const state = oauth.searchParams.get("state") ?? "";
    assert.match(state, /^[0-9a-f]{48}$/);
    const stateCookie = start.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    assert.match(stateCookie, new RegExp(`xg_login_state=${state}\\.`));

    // The WeCom client knows who is in it; the fake is told with `userid`.
    oauth.searchParams.set("userid", "WangFang");
    const authorized = await t.anonymous.raw(`${oauth.pathname}${oauth.search}`, { method: "GET", redirect: "manual" });
    assert.equal(authorized.status, 302);
    const callback = new URL(authorized.headers.get("location") ?? "");
    assert.equal(callback.searchParams.get("state"), state);
    const landed = await t.anonymous.raw(`${callback.pathname}${callback.search}`, { method: "GET", redirect: "manual", headers: { cookie: stateCookie } });
    assert.equal(landed.status, 302);
    assert.equal(landed.headers.get("location"), "/app/students/3?tab=hours");
    const cookie = landed.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => c?.startsWith("xg_session"))
      .join("; ");
    const shell = await t.anonymous.raw("/app/", { method: "GET", headers: { cookie } });
    assert.equal(shell.status, 200);
    assert.match(String(shell.body), new RegExp(`"me":\\{"kind":"staff","id":${teacherId},"name":"王芳"`));
    assert.match(String(shell.body), /window\.__XG_PREFETCH__=\{"\/api\/v1\/home":fetch/);
  });

  it("never sends a fresh session to another site", async () => {
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const start = await t.anonymous.raw(`/auth/wecom/start?next=${encodeURIComponent(next)}`, { method: "GET", redirect: "manual" });
      const back = new URL(new URL(start.headers.get("location") ?? "").searchParams.get("redirect_uri") ?? "");
      assert.equal(back.searchParams.get("next"), "/", next);
    }
  });

  it("answers 404 for the sandbox's staff list and WeCom's start when they are off", async () => {
    const real = await startTestApp({ SANDBOX: "0" });
    try {
      assert.equal((await real.anonymous.get("/api/v1/auth/sandbox-staff")).status, 404);
      const start = await real.anonymous.raw("/auth/wecom/start?next=/app/", { method: "GET", redirect: "manual" });
      assert.equal(start.status, 404);
      assert.match(String(start.body), /企业微信未启用/);
      assert.deepEqual((await real.anonymous.get("/api/v1/platform/client-config")).body, { sandbox: false, tz: "Asia/Shanghai", wecom: null, dingtalk: null });
    } finally {
      await real.close();
    }
  });
});
