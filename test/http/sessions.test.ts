// Staff sessions over HTTP: the cookie, logout ending the session server-side, a fresh token at every
// login (the browser's earlier session revoked), the absolute lifetime and idle timeout from the
// institution settings (with a settable clock), lastSeenAt written at most once a minute, and staff
// who leave losing their sessions and API tokens at once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { apiTokens, auditLog, sessions, staff } from "../../server/db/schema";
import { hashToken } from "../../server/domain/access/tokenHash";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

/** Well-formed but fake WeCom settings: enough for the config to turn WeCom on (nothing is called). */
const FAKE_WECOM = {
  WECOM_CORP_ID: "ww0123456789abcdef",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "fake-secret-not-used-in-tests",
  WECOM_TOKEN: "faketoken",
  WECOM_ENCODING_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

const cookieHeader = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The session row behind a cookie header (`xg_session=<token>; xg_session.sig=…`). */
function sessionRow(t: TestApp, cookie: string) {
  const token = /xg_session=([^;]+)/.exec(cookie)?.[1] ?? "";
  return t.database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token))).get();
}

/** Logs `staffId` in with the sandbox picker, sending `cookie` (the browser's cookies) along; returns the new cookie header. */
async function sandboxLogin(t: TestApp, staffId: number, cookie?: string): Promise<string> {
  const res = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId }, cookie ? { cookie } : {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return cookieHeader(res.headers);
}

const me = (t: TestApp, cookie: string) => t.anonymous.raw("/api/v1/auth/me", { headers: { cookie } });

describe("staff sessions (sandbox login)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("sets an httpOnly, signed session cookie and /auth/me answers who is logged in", async () => {
    const campus = makeCampus(t.database.db);
    const person = makeStaff(t.database.db, { roles: ["advisor", "teacher"], campusIds: [campus.id] });
    const login = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: person.id });
    assert.equal(login.status, 200);
    assert.deepEqual(login.body, { id: person.id, name: person.name, roles: ["advisor", "teacher"], campusIds: [campus.id] });

    const setCookies = login.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith("xg_session="));
    const signature = setCookies.find((c) => c.startsWith("xg_session.sig="));
    assert.ok(session && signature, `session cookie and its signature are set: ${setCookies.join(" | ")}`);
    assert.match(session, /;\s*httponly/i);
    assert.match(session, /;\s*samesite=lax/i);
    assert.match(session, /;\s*path=\//i);

    // Only the hash of the cookie's token is stored.
    const token = session.split(";")[0]?.split("=")[1] ?? "";
    const stored = t.database.db.select().from(sessions).where(eq(sessions.staffId, person.id)).all();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]?.tokenHash, token);

    const cookie = cookieHeader(login.headers);
    const me = await t.anonymous.raw("/api/v1/auth/me", { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { kind: "staff", id: person.id, name: person.name, roles: ["advisor", "teacher"], roleText: "课程顾问、老师", campusIds: [campus.id] });
  });

  it("ignores a cookie whose signature does not match", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const login = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: person.id });
    const forged = cookieHeader(login.headers).replace(/xg_session\.sig=[^;]+/, "xg_session.sig=forged");
    assert.equal((await t.anonymous.raw("/api/v1/auth/me", { headers: { cookie: forged } })).status, 401);
    const unsigned = cookieHeader(login.headers).replace(/;?\s*xg_session\.sig=[^;]+/, "");
    assert.equal((await t.anonymous.raw("/api/v1/auth/me", { headers: { cookie: unsigned } })).status, 401);
  });

  it("answers 400 and 404 to bad sandbox logins", async () => {
    const bad = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: "abc" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.fields[0].path, "staffId");
    assert.equal((await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: 99999 })).status, 404);
  });

  it("logout revokes the session: the same cookie answers 401 afterwards", async () => {
    const person = makeStaff(t.database.db, { roles: ["service"] });
    const asPerson = await t.asStaff(person.id);
    assert.equal((await asPerson.get("/api/v1/auth/me")).status, 200);
    const logout = await asPerson.post("/api/v1/auth/logout");
    assert.equal(logout.status, 204);
    assert.ok(logout.headers.getSetCookie().some((c) => /^xg_session=;/.test(c)), "the cookie is cleared");
    const row = t.database.db.select().from(sessions).where(eq(sessions.staffId, person.id)).get();
    assert.equal(row?.revokedAt, t.clock.now());
    // The client keeps sending the old cookie: the server refuses it.
    const after = await asPerson.get("/api/v1/auth/me");
    assert.equal(after.status, 401);
    assert.equal(after.body.error.code, "UNAUTHENTICATED");
  });

  it("a staff member who left gets 401 at once, with a session still open", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const asPerson = await t.asStaff(person.id);
    assert.equal((await asPerson.get("/api/v1/auth/me")).status, 200);
    t.database.db.update(staff).set({ status: "left", leftAt: t.clock.now() }).where(eq(staff.id, person.id)).run();
    assert.equal((await asPerson.get("/api/v1/auth/me")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: person.id })).status, 404);
  });

  it("an expired session answers 401", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const asPerson = await t.asStaff(person.id);
    t.clock.advance(7 * 24 * 3600 * 1000 + 1);
    assert.equal((await asPerson.get("/api/v1/auth/me")).status, 401);
  });
});

describe("session lifetime, idle timeout and rotation", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("a login issues a fresh token and revokes the session the browser already had", async () => {
    const first = makeStaff(t.database.db, { roles: ["teacher"] });
    const second = makeStaff(t.database.db, { roles: ["advisor"] });
    const old = await sandboxLogin(t, first.id);
    // The same browser logs in again (as anyone): its old cookie is sent along and ends server-side.
    const fresh = await sandboxLogin(t, second.id, old);
    assert.notEqual(/xg_session=([^;]+)/.exec(fresh)?.[1], /xg_session=([^;]+)/.exec(old)?.[1], "a new token");
    assert.equal(sessionRow(t, old)?.revokedAt, t.clock.now());
    assert.equal((await me(t, old)).status, 401, "the earlier token is refused even if someone kept a copy");
    const now = await me(t, fresh);
    assert.equal(now.status, 200);
    assert.equal(now.body.id, second.id);
  });

  it("ends a session past its absolute lifetime (sessionMaxHours, 168 by default) however busy it is", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const cookie = await sandboxLogin(t, person.id);
    const login = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: person.id });
    const expires = /expires=([^;]+)/i.exec(login.headers.getSetCookie().find((c) => c.startsWith("xg_session=")) ?? "")?.[1] ?? "";
    // The cookie library dates Expires from the real clock: the cookie lasts as long as the session.
    assert.ok(Math.abs(Date.parse(expires) - (Date.now() + 168 * HOUR)) < MINUTE, expires);
    const row = sessionRow(t, cookie);
    assert.equal(row?.expiresAt, (row?.createdAt ?? 0) + 168 * HOUR);
    // A request every 11 hours keeps it from idling out, until the lifetime ends.
    for (let h = 11; h < 168; h += 11) {
      t.clock.advance(11 * HOUR);
      assert.equal((await me(t, cookie)).status, 200, `${h} hours after login`);
    }
    t.clock.set((row?.createdAt ?? 0) + 168 * HOUR - 1);
    assert.equal((await me(t, cookie)).status, 200, "a millisecond before the end");
    t.clock.advance(1);
    assert.equal((await me(t, cookie)).status, 401, "168 hours after login");
  });

  it("ends a session idle longer than sessionIdleMinutes (720 by default)", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const cookie = await sandboxLogin(t, person.id);
    t.clock.advance(719 * MINUTE);
    assert.equal((await me(t, cookie)).status, 200, "719 minutes without a request");
    t.clock.advance(719 * MINUTE);
    assert.equal((await me(t, cookie)).status, 200, "719 minutes after the last request");
    t.clock.advance(720 * MINUTE);
    const idle = await me(t, cookie);
    assert.equal(idle.status, 401, "720 minutes after the last request");
    assert.equal(idle.body.error.code, "UNAUTHENTICATED");
  });

  it("writes lastSeenAt at most once a minute, not on every request", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const cookie = await sandboxLogin(t, person.id);
    const loggedIn = t.clock.now();
    await me(t, cookie);
    assert.equal(sessionRow(t, cookie)?.lastSeenAt, null, "a request within the login's minute writes nothing");
    t.clock.advance(MINUTE);
    await me(t, cookie);
    assert.equal(sessionRow(t, cookie)?.lastSeenAt, loggedIn + MINUTE);
    t.clock.advance(59_000);
    await me(t, cookie);
    assert.equal(sessionRow(t, cookie)?.lastSeenAt, loggedIn + MINUTE, "59 seconds later: unchanged");
    t.clock.advance(1_000);
    await me(t, cookie);
    assert.equal(sessionRow(t, cookie)?.lastSeenAt, loggedIn + 2 * MINUTE);
  });

  it("applies the institution's settings to open sessions at once, within sane bounds", async () => {
    const person = makeStaff(t.database.db, { roles: ["teacher"] });
    const cookie = await sandboxLogin(t, person.id);
    const read = await t.admin.get("/api/v1/settings");
    assert.equal(read.body.sessionIdleMinutes, 720);
    assert.equal(read.body.sessionMaxHours, 168);
    for (const [field, value, message] of [
      ["sessionIdleMinutes", 4, "闲置退出时间至少 5 分钟"],
      ["sessionIdleMinutes", 10_081, "闲置退出时间最多 7 天（10080 分钟）"],
      ["sessionIdleMinutes", 30.5, "请填写整数分钟"],
      ["sessionMaxHours", 0, "登录有效期至少 1 小时"],
      ["sessionMaxHours", 2161, "登录有效期最多 90 天（2160 小时）"],
    ] as const) {
      const bad = await t.admin.patch("/api/v1/settings", { [field]: value });
      assert.equal(bad.status, 400, `${field}=${value}`);
      assert.deepEqual(bad.body.error.details.fields, [{ path: field, message }]);
    }
    t.clock.advance(30 * MINUTE);
    assert.equal((await me(t, cookie)).status, 200);
    const idle = await t.admin.patch("/api/v1/settings", { sessionIdleMinutes: 15 });
    assert.equal(idle.status, 200);
    assert.equal(idle.body.sessionIdleMinutes, 15);
    t.clock.advance(15 * MINUTE);
    assert.equal((await me(t, cookie)).status, 401, "the shorter idle timeout applies to a session opened before it");

    const other = await sandboxLogin(t, person.id);
    t.clock.advance(10 * MINUTE);
    assert.equal((await me(t, other)).status, 200);
    const lifetime = await t.admin.patch("/api/v1/settings", { sessionMaxHours: 1, sessionIdleMinutes: 720 });
    assert.deepEqual([lifetime.status, lifetime.body.sessionMaxHours], [200, 1]);
    t.clock.advance(50 * MINUTE);
    assert.equal((await me(t, other)).status, 401, "an hour after login with a one-hour lifetime");
    assert.equal((await t.admin.patch("/api/v1/settings", { sessionMaxHours: 168 })).status, 200);
  });
});

describe("staff who leave", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("lose their sessions and the API tokens they created in the same step; others' tokens live on", async () => {
    const leaver = makeStaff(t.database.db, { name: "离职管理员", roles: ["admin"] });
    const stays = makeStaff(t.database.db, { name: "留任管理员", roles: ["admin"] });
    const asLeaver = await t.asStaff(leaver.id);
    const otherDevice = await t.asStaff(leaver.id);
    const made = await asLeaver.post("/api/v1/tokens", { name: "报表同步", role: "admin" });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const asStays = await t.asStaff(stays.id);
    const kept = await asStays.post("/api/v1/tokens", { name: "对账脚本", role: "admin" });
    assert.equal(kept.status, 201);
    const leaverToken = t.asToken(made.body.token);
    assert.equal((await leaverToken.get("/api/v1/auth/me")).status, 200);

    const left = await t.admin.post(`/api/v1/staff/${leaver.id}/leave`);
    assert.equal(left.status, 200, JSON.stringify(left.body));

    for (const client of [asLeaver, otherDevice, leaverToken]) {
      const res = await client.get("/api/v1/auth/me");
      assert.equal(res.status, 401);
    }
    assert.equal((await t.asToken(kept.body.token).get("/api/v1/auth/me")).status, 200, "a token someone else created is untouched");
    // The revocations are in the rows, not only in the refusal.
    const rows = t.database.db.select().from(sessions).where(eq(sessions.staffId, leaver.id)).all();
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.revokedAt === t.clock.now()));
    assert.equal(t.database.db.select().from(apiTokens).where(eq(apiTokens.id, made.body.id)).get()?.revokedAt, t.clock.now());
    assert.equal(t.database.db.select().from(apiTokens).where(eq(apiTokens.id, kept.body.id)).get()?.revokedAt, null);
    const audit = t.database.db.select().from(auditLog).where(eq(auditLog.action, "staff.leave")).all().at(-1);
    assert.deepEqual(JSON.parse(audit?.details ?? "{}"), {
      sessionsRevoked: 2,
      tokensRevoked: [{ id: made.body.id, name: "报表同步", prefix: made.body.prefix }],
    });
  });
});

describe("sandbox login with a platform configured", () => {
  it("answers 404 when SANDBOX=0 and WeCom is configured", async () => {
    const t = await startTestApp({ SANDBOX: "0", ...FAKE_WECOM });
    try {
      assert.equal(t.config.sandbox, false);
      assert.ok(t.config.wecom);
      const person = makeStaff(t.database.db, { roles: ["teacher"] });
      const res = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: person.id });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, "NOT_FOUND");
      assert.equal(res.headers.getSetCookie().length, 0);
    } finally {
      await t.close();
    }
  });

  it("turns the sandbox off by default once a platform is configured", async () => {
    const t = await startTestApp({ SANDBOX: "", ...FAKE_WECOM });
    try {
      assert.equal(t.config.sandbox, false);
      const person = makeStaff(t.database.db, { roles: ["teacher"] });
      assert.equal((await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: person.id })).status, 404);
    } finally {
      await t.close();
    }
  });
});
