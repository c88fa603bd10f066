// Login attempts per client address: the sandbox picker, the JSON code logins (WeCom, DingTalk) and
// the OAuth landing share one budget per address (LOGIN_ATTEMPTS); past it the API answers 429 in
// the JSON error shape with Retry-After and a zh-CN message, the landing page a 429 page, and the
// platform is not asked. Failed attempts count; another address is unaffected; the window ends.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LOGIN_ATTEMPTS } from "../../server/domain/access/loginAttempts";
import { makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

const from = (address: string) => ({ "x-forwarded-for": address });

describe("login rate limit per client address", () => {
  let t: TestApp;
  let staffId: number;

  before(async () => {
    // One trusted proxy: X-Forwarded-For names the client (the test helper's default, said here).
    t = await startTestApp({ TRUST_PROXY: "1" });
    staffId = makeStaff(t.database.db, { name: "王芳", roles: ["teacher"], wecomUserId: "WangFang" }).id;
  });
  after(() => t.close());

  const sandboxLogin = (address: string) => t.anonymous.post("/api/v1/auth/sandbox-login", { staffId }, from(address));
  const codeExchanges = () => (t.runtime.sandbox?.wecom.calls ?? []).filter((c) => c.api === "/cgi-bin/auth/getuserinfo").length;

  function assertLimited(res: { status: number; body: any; headers: Headers }) { // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(res.status, 429, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "RATE_LIMITED");
    assert.equal(res.body.error.message, "登录尝试过于频繁，请 1 分钟后再试");
    assert.equal(typeof res.body.error.details, "object");
    assert.equal(res.headers.get("retry-after"), String(LOGIN_ATTEMPTS.windowMs / 1000));
    assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith("xg_session=")), "no session");
  }

  it("answers 429 with Retry-After past the limit, for that address only, until the window ends", async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS.limit; i++) assert.equal((await sandboxLogin("198.51.100.1")).status, 200, `attempt ${i + 1}`);
    assertLimited(await sandboxLogin("198.51.100.1"));
    assert.equal((await sandboxLogin("198.51.100.2")).status, 200, "another address has its own budget");
    t.clock.advance(LOGIN_ATTEMPTS.windowMs - 1000);
    const later = await sandboxLogin("198.51.100.1");
    assert.equal(later.status, 429);
    assert.equal(later.headers.get("retry-after"), "1");
    t.clock.advance(1000);
    assert.equal((await sandboxLogin("198.51.100.1")).status, 200, "a new window");
  });

  it("counts failed code exchanges, and past the limit does not ask the platform; all logins share the budget", async () => {
    const address = "198.51.100.3";
    for (let i = 0; i < LOGIN_ATTEMPTS.limit; i++) {
      const res = await t.anonymous.post("/api/v1/auth/wecom", { code: `guess-${i}` }, from(address));
      assert.equal(res.status, 401, `guess ${i + 1}`);
    }
    const exchanges = codeExchanges();
    const good = t.runtime.sandbox?.wecom.loginCode("WangFang") ?? "";
    assertLimited(await t.anonymous.post("/api/v1/auth/wecom", { code: good }, from(address)));
    assertLimited(await t.anonymous.post("/api/v1/auth/dingtalk", { code: "any" }, from(address)));
    assertLimited(await sandboxLogin(address));
    assert.equal(codeExchanges(), exchanges, "WeCom was not asked");
  });

  it("answers the OAuth landing past the limit with a 429 page and Retry-After", async () => {
    const address = "198.51.100.4";
    for (let i = 0; i < LOGIN_ATTEMPTS.limit; i++) await sandboxLogin(address);
    const start = await t.anonymous.raw("/auth/wecom/start?next=%2Fapp%2F", { method: "GET", redirect: "manual", headers: from(address) });
    const oauth = new URL(start.headers.get("location") ?? "");
    oauth.searchParams.set("userid", "WangFang");
    const authorized = await t.anonymous.raw(`${oauth.pathname}${oauth.search}`, { method: "GET", redirect: "manual" });
    const back = new URL(authorized.headers.get("location") ?? "");
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const landed = await t.anonymous.raw(`${back.pathname}${back.search}`, { method: "GET", redirect: "manual", headers: { cookie, ...from(address) } });
    assert.equal(landed.status, 429);
    assert.equal(landed.headers.get("retry-after"), String(LOGIN_ATTEMPTS.windowMs / 1000));
    assert.match(landed.headers.get("content-type") ?? "", /text\/html/);
    assert.match(String(landed.body), /登录尝试过于频繁，请 1 分钟后再试/);
    assert.ok(!landed.headers.getSetCookie().some((c) => c.startsWith("xg_session=")));
  });
});
