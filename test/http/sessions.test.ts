import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { sessions, staff } from "../../server/db/schema";
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
