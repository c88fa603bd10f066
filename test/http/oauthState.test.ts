// Login CSRF through the workbench login: a login landing (/auth/wecom/callback, /auth/dingtalk/callback)
// is accepted only with the state of a round trip the same browser started, once. An attacker's
// callback link (their own code) opened in a victim's browser logs nobody in; a wrong, stale or replayed
// state is refused with a page that says to open 学管 again from the workbench. The JSON login takes
// JSON only, from our own origin.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sessions } from "../../server/db/schema";
import { LOGIN_STATE_TTL_MS } from "../../server/core/loginState";
import { makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

/** `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
const cookiesOf = (headers: Headers, prefix = "") =>
  headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c.startsWith(prefix) && !/^[^=]+=$/.test(c))
    .join("; ");

describe("WeCom OAuth state: a login lands only in the browser that started it", () => {
  let t: TestApp;
  let victimId: number;

  before(async () => {
    t = await startTestApp();
    victimId = makeStaff(t.database.db, { name: "王芳", roles: ["teacher"], wecomUserId: "WangFang" }).id;
    makeStaff(t.database.db, { name: "攻击者", roles: ["teacher"], wecomUserId: "Mallory" });
  });
  after(() => t.close());

  const get = (path: string, cookie?: string) => t.anonymous.raw(path, { method: "GET", redirect: "manual", headers: cookie ? { cookie } : {} });

  /**
   * A browser starts a login and the WeCom client (the fake, told who is in it) answers with a code:
   * returns the start's state cookie and the callback path the browser is sent to.
   */
  async function roundTrip(wecomUserId: string): Promise<{ stateCookie: string; callback: string }> {
    const start = await get("/auth/wecom/start?next=%2Fapp%2F");
    assert.equal(start.status, 302);
    const oauth = new URL(start.headers.get("location") ?? "");
    oauth.searchParams.set("userid", wecomUserId);
    const authorized = await get(`${oauth.pathname}${oauth.search}`);
    assert.equal(authorized.status, 302, String(authorized.body));
    const back = new URL(authorized.headers.get("location") ?? "");
    return { stateCookie: cookiesOf(start.headers, "xg_login_state"), callback: `${back.pathname}${back.search}` };
  }

  const sessionCount = () => t.database.db.select().from(sessions).all().length;
  const codeExchanges = () => (t.runtime.sandbox?.wecom.calls ?? []).filter((c) => c.api === "/cgi-bin/auth/getuserinfo").length;

  function assertRefused(res: { status: number; body: unknown; headers: Headers }) {
    assert.equal(res.status, 403);
    assert.match(String(res.body), /登录链接已失效或已经用过。请回到企业微信工作台，重新打开学管。/);
    assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith("xg_session=") && !c.startsWith("xg_session=;")), "no session cookie");
  }

  it("sends a fresh random state to WeCom and keeps it in a short-lived, httpOnly, signed, Lax cookie", async () => {
    const start = await get("/auth/wecom/start?next=%2Fapp%2F");
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    assert.match(state, /^[0-9a-f]{48}$/, "not a fixed value");
    const again = new URL((await get("/auth/wecom/start")).headers.get("location") ?? "").searchParams.get("state");
    assert.notEqual(again, state, "a new state for every start");
    const set = start.headers.getSetCookie();
    const cookie = set.find((c) => c.startsWith("xg_login_state="));
    assert.ok(cookie && set.some((c) => c.startsWith("xg_login_state.sig=")), set.join(" | "));
    assert.ok(cookie.startsWith(`xg_login_state=${state}.`));
    assert.match(cookie, /;\s*path=\/auth\//i);
    assert.match(cookie, /;\s*httponly/i);
    assert.match(cookie, /;\s*samesite=lax/i, "Lax: the cookie comes back on WeCom's top-level redirect");
    const expires = Date.parse(/expires=([^;]+)/i.exec(cookie)?.[1] ?? "");
    assert.ok(Math.abs(expires - (Date.now() + LOGIN_STATE_TTL_MS)) < 60_000, "ten minutes");
  });

  it("refuses the attacker's callback (their code) in a browser with no state cookie, without spending the code", async () => {
    const attacker = await roundTrip("Mallory");
    const sessionsBefore = sessionCount();
    const exchangesBefore = codeExchanges();
    const res = await get(attacker.callback);
    assertRefused(res);
    assert.equal(sessionCount(), sessionsBefore, "no session was created");
    assert.equal(codeExchanges(), exchangesBefore, "the code was not even sent to WeCom");
  });

  it("refuses a callback whose state is not the one this browser started, and ends the browser's round trip", async () => {
    const victim = await roundTrip("WangFang");
    const attacker = await roundTrip("Mallory");
    const sessionsBefore = sessionCount();
    const res = await get(attacker.callback, victim.stateCookie);
    assertRefused(res);
    assert.equal(sessionCount(), sessionsBefore);
    assert.ok(res.headers.getSetCookie().some((c) => /^xg_login_state=;/.test(c)), "the state cookie is cleared");
  });

  it("logs in with the right state, and refuses the same callback replayed", async () => {
    const { stateCookie, callback } = await roundTrip("WangFang");
    const landed = await get(callback, stateCookie);
    assert.equal(landed.status, 302, String(landed.body));
    assert.equal(landed.headers.get("location"), "/app/");
    assert.ok(landed.headers.getSetCookie().some((c) => /^xg_login_state=;/.test(c)), "single use: the state cookie is cleared");
    const session = cookiesOf(landed.headers, "xg_session");
    const me = await t.anonymous.raw("/api/v1/auth/me", { headers: { cookie: session } });
    assert.equal(me.body.id, victimId);

    const sessionsBefore = sessionCount();
    // A browser has no state cookie any more: refused before the code is looked at.
    assertRefused(await get(callback, session));
    // Even a client that kept the cleared cookie gets no session: WeCom's code works once.
    const kept = await get(callback, stateCookie);
    assert.equal(kept.status, 401);
    assert.match(String(kept.body), /登录码无效或已过期/);
    assert.equal(sessionCount(), sessionsBefore);
  });

  it("refuses a state older than ten minutes", async () => {
    const { stateCookie, callback } = await roundTrip("WangFang");
    t.clock.advance(LOGIN_STATE_TTL_MS);
    assertRefused(await get(callback, stateCookie));
  });
});

describe("DingTalk login paths", () => {
  let t: TestApp;
  let staffId: number;

  before(async () => {
    t = await startTestApp();
    staffId = makeStaff(t.database.db, { name: "许婷", roles: ["finance"], dingtalkUserId: "dt_xuting" }).id;
  });
  after(() => t.close());

  it("the GET landing takes a code only with the state of the sandbox's round trip, as WeCom's does", async () => {
    const code = t.runtime.sandbox?.dingtalk.loginCode("dt_xuting") ?? "";
    const bare = await t.anonymous.raw(`/auth/dingtalk/callback?code=${encodeURIComponent(code)}&next=/app/`, { method: "GET", redirect: "manual" });
    assert.equal(bare.status, 403, "someone else's 免登 code in a link logs nobody in");
    assert.match(String(bare.body), /请回到钉钉工作台，重新打开学管/);

    const open = await t.anonymous.raw(`/sandbox/login/dingtalk/${staffId}`, { method: "GET", redirect: "manual" });
    assert.equal(open.status, 302);
    const landed = await t.anonymous.raw(open.headers.get("location") ?? "", { method: "GET", redirect: "manual", headers: { cookie: cookiesOf(open.headers) } });
    assert.equal(landed.status, 302, String(landed.body));
    const me = await t.anonymous.raw("/api/v1/auth/me", { headers: { cookie: cookiesOf(landed.headers, "xg_session") } });
    assert.equal(me.body.id, staffId);
  });

  it("the JSON login (the DingTalk client's 免登) takes a JSON body only, and only from our own origin", async () => {
    const code = t.runtime.sandbox?.dingtalk.loginCode("dt_xuting") ?? "";
    const form = await t.anonymous.raw("/api/v1/auth/dingtalk", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `code=${encodeURIComponent(code)}`,
    });
    assert.equal(form.status, 415, "a cross-site form cannot post a code");
    assert.equal(form.body.error.code, "UNSUPPORTED_MEDIA_TYPE");
    const empty = await t.anonymous.raw("/api/v1/auth/dingtalk", { method: "POST", headers: { "content-type": "text/plain" } });
    assert.equal(empty.status, 415, "nor an empty text/plain one");

    const foreign = await t.anonymous.post("/api/v1/auth/dingtalk", { code }, { origin: "http://evil.example" });
    assert.equal(foreign.status, 403, "a page on another origin cannot log the browser in");
    assert.equal(foreign.headers.getSetCookie().length, 0);

    const own = await t.anonymous.post("/api/v1/auth/dingtalk", { code }, { origin: t.baseUrl });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.id, staffId);
  });
});
