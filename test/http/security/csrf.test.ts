// Issue 14, point 4: a state change authenticated by a cookie must come from our own origin. Another
// site, or another port of the same host (same site, so SameSite=Lax lets the cookie through), is
// refused, whatever the Content-Type; bearer-token calls and non-browser clients are unaffected.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count } from "drizzle-orm";
import { bindingCodes, sessions } from "../../../server/db/schema";
import { makeCampus, makeStaff, makeStudent } from "../../helpers/factories";
import { startTestApp, type TestApp, type TestClient } from "../../helpers/testApp";

describe("CSRF: cookie-authenticated writes check their origin", () => {
  let t: TestApp;
  let principal: TestClient;
  let studentId: number;
  let staffId: number;
  const codes = () => t.database.db.select({ n: count() }).from(bindingCodes).get()?.n ?? 0;
  const issue = (headers: Record<string, string>) =>
    principal.raw(`/api/v1/students/${studentId}/binding-codes`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
  before(async () => {
    t = await startTestApp();
    const campus = makeCampus(t.database.db);
    studentId = makeStudent(t.database.db, { campusId: campus.id }).id;
    staffId = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] }).id;
    principal = await t.asStaff(staffId);
  });
  after(() => t.close());

  it("refuses another site's Origin, with any Content-Type, and issues nothing", async () => {
    const before = codes();
    const evil = { origin: "http://evil.example" };
    const res = await issue(evil);
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "FORBIDDEN");
    assert.equal(res.body.error.details.reason, "cross_origin");
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const form = await principal.raw(`/api/v1/students/${studentId}/binding-codes`, { method: "POST", headers: { ...evil, "content-type": type } });
      assert.equal(form.status, 403, type);
    }
    assert.equal((await principal.raw(`/api/v1/students/${studentId}/leave-link`, { method: "POST", headers: evil })).status, 403);
    assert.equal(codes(), before);
  });

  it("refuses another port of the same host (same site, other origin) and a null origin", async () => {
    const port = Number(new URL(t.baseUrl).port);
    const before = codes();
    assert.equal((await issue({ origin: `http://127.0.0.1:${port + 1}` })).status, 403);
    assert.equal((await issue({ origin: "null" })).status, 403);
    assert.equal(codes(), before);
  });

  it("without Origin, Sec-Fetch-Site decides: same-site or cross-site is refused, same-origin passes", async () => {
    const before = codes();
    assert.equal((await issue({ "sec-fetch-site": "same-site" })).status, 403);
    assert.equal((await issue({ "sec-fetch-site": "cross-site" })).status, 403);
    assert.equal(codes(), before);
    assert.equal((await issue({ "sec-fetch-site": "same-origin" })).status, 201);
  });

  it("passes our own origin (PUBLIC_BASE_URL's, or the address the page was opened at) and clients that are not browsers", async () => {
    assert.equal((await issue({ origin: t.baseUrl, "sec-fetch-site": "same-origin" })).status, 201);
    assert.equal((await issue({ origin: new URL(t.config.publicBaseUrl).origin })).status, 201);
    assert.equal((await issue({})).status, 201, "a script with the cookie and no browser headers");
  });

  it("does not check bearer-token calls", async () => {
    const res = await t.admin.raw(`/api/v1/students/${studentId}/binding-codes`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 201);
  });

  it("refuses a login posted from another origin (login CSRF): no session is opened", async () => {
    const before = t.database.db.select({ n: count() }).from(sessions).get()?.n ?? 0;
    const res = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId }, { origin: "http://evil.example" });
    assert.equal(res.status, 403);
    assert.equal(res.headers.getSetCookie().length, 0);
    assert.equal(t.database.db.select({ n: count() }).from(sessions).get()?.n ?? 0, before);
  });

  it("a null origin passes only where our own pages send one: the signed-link phone pages (no-referrer), or with Sec-Fetch-Site same-origin", async () => {
    const form = (headers: Record<string, string>) =>
      t.anonymous.raw("/bind", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: "code=1234567890" });
    assert.notEqual((await form({ origin: "null" })).status, 403, "an old phone browser posting the bind page's own form");
    assert.notEqual((await form({ origin: "null", "sec-fetch-site": "same-origin" })).status, 403);
    assert.equal((await form({ origin: "null", "sec-fetch-site": "cross-site" })).status, 403);
    assert.equal((await form({ origin: "http://evil.example" })).status, 403);
    assert.equal((await issue({ origin: "null", "sec-fetch-site": "same-origin" })).status, 201);
  });

  it("reads are not checked (a link from elsewhere still opens a page)", async () => {
    const res = await principal.raw("/api/v1/auth/me", { headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
    assert.equal(res.status, 200);
  });
});
