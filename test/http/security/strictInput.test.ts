// Issue 14, points 6 and 8: ids are ids (no coercion, in paths, queries and bodies alike), a body is a
// JSON object, a PATCH sets something, and every error — 405, 431, a malformed URL — is the JSON error.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { count } from "drizzle-orm";
import { bindingCodes, institutionSettings, ledgerOps, orders, sessions } from "../../../server/db/schema";
import { makeCampus, makeStudent } from "../../helpers/factories";
import { startTestApp, type TestApp } from "../../helpers/testApp";

const ODD_IDS = ["0x1", "1e0", "01", "+1", "1.0", " 1", "1 ", "-1", "0", "true", "1_0", "١"];

function assertError(res: { status: number; body: unknown; headers: Headers }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const error = (res.body as { error?: { code?: string; message?: string } }).error;
  assert.equal(error?.code, code, JSON.stringify(res.body));
  assert.match(error?.message ?? "", /[\u4e00-\u9fff]/);
}

describe("strict input and one error shape", () => {
  let t: TestApp;
  let studentId: number;
  const rows = (table: typeof ledgerOps | typeof orders | typeof bindingCodes | typeof sessions) =>
    t.database.db.select({ n: count() }).from(table).get()?.n ?? 0;
  before(async () => {
    t = await startTestApp();
    const campus = makeCampus(t.database.db);
    studentId = makeStudent(t.database.db, { campusId: campus.id, name: "李四" }).id;
    assert.equal(studentId, 1);
  });
  after(() => t.close());

  it("a path id in any other notation than plain decimal is 400 naming the field, reads and writes alike", async () => {
    assert.equal((await t.admin.get("/api/v1/students/1")).status, 200);
    for (const odd of ODD_IDS) {
      const res = await t.admin.get(`/api/v1/students/${encodeURIComponent(odd)}`);
      assertError(res, 400, "VALIDATION");
      assert.equal(res.body.error.details.fields[0].path, "id", odd);
    }
    const before = rows(ledgerOps);
    for (const odd of ["0x1", "1e0", "01"]) assertError(await t.admin.post(`/api/v1/ledger-ops/${odd}/reverse`, { reason: "试试" }), 400, "VALIDATION");
    assert.equal(rows(ledgerOps), before);
  });

  it("a query id or count is plain decimal too", async () => {
    assertError(await t.admin.get("/api/v1/audit?entityId=0x1"), 400, "VALIDATION");
    assertError(await t.admin.get("/api/v1/students?limit=1e1"), 400, "VALIDATION");
    assertError(await t.admin.get("/api/v1/students?cursor=+5"), 400, "VALIDATION");
    assert.equal((await t.admin.get("/api/v1/students?limit=10")).status, 200);
  });

  it("a body id must be an integer (or its plain decimal text): true, 1.5, \"0x1\" are refused and nothing is written", async () => {
    const before = rows(orders);
    for (const bad of [true, 1.5, "0x1", "1e0", 0, -1, null, [1]]) {
      const res = await t.admin.post("/api/v1/orders", { studentId: bad, items: [] });
      assertError(res, 400, "VALIDATION");
      assert.ok(res.body.error.details.fields.some((f: { path: string }) => f.path === "studentId"), `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
    }
    assert.equal(rows(orders), before);
  });

  it("sandbox login with {staffId: true} logs nobody in", async () => {
    const before = rows(sessions);
    const res = await t.anonymous.post("/api/v1/auth/sandbox-login", { staffId: true });
    assertError(res, 400, "VALIDATION");
    assert.equal(res.headers.getSetCookie().length, 0);
    assert.equal(rows(sessions), before);
  });

  it("a JSON null, a list or a bare value as the body is 400, and nothing changes", async () => {
    const settingsBefore = t.database.db.select().from(institutionSettings).get();
    for (const body of ["null", "[]", "[{}]", "42", '"x"', "true"]) {
      const res = await t.admin.raw("/api/v1/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body });
      assertError(res, 400, "VALIDATION");
      assert.equal(res.body.error.details.fields[0].path, "(body)");
    }
    assertError(await t.admin.raw("/api/v1/campuses", { method: "POST", headers: { "content-type": "application/json" }, body: "null" }), 400, "VALIDATION");
    assert.deepEqual(t.database.db.select().from(institutionSettings).get(), settingsBefore);
  });

  it("a PATCH that sets nothing known is 400, not a version bump", async () => {
    const settingsBefore = t.database.db.select().from(institutionSettings).get();
    for (const body of [{}, { version: 1 }, { noSuchSetting: 3 }]) {
      const res = await t.admin.patch("/api/v1/settings", body);
      assertError(res, 400, "VALIDATION");
      assert.match(res.body.error.message, /没有要修改的内容/);
    }
    assert.deepEqual(t.database.db.select().from(institutionSettings).get(), settingsBefore);
    const ok = await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 1 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it("a write with a non-JSON Content-Type is 415 even with an empty body; a route that takes a body wants JSON", async () => {
    const before = rows(bindingCodes);
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      assertError(await t.admin.raw(`/api/v1/students/${studentId}/binding-codes`, { method: "POST", headers: { "content-type": type } }), 415, "UNSUPPORTED_MEDIA_TYPE");
      assertError(await t.admin.raw(`/api/v1/students/${studentId}/binding-codes`, { method: "POST", headers: { "content-type": type }, body: "" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    assert.equal(rows(bindingCodes), before);
    // A route with a body schema and no body at all: 415 (no JSON), not a silent {}.
    assertError(await t.admin.raw("/api/v1/campuses", { method: "POST" }), 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("405 is the JSON error and says what the path allows", async () => {
    const res = await t.admin.delete("/api/v1/students");
    assertError(res, 405, "METHOD_NOT_ALLOWED");
    assert.match(res.headers.get("allow") ?? "", /GET/);
    assert.match(res.body.error.message, /GET/);
  });

  it("431 (headers too large) and a malformed URL are the JSON error too", async () => {
    const { port } = new URL(t.baseUrl);
    const big = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/api/v1/auth/me", headers: { "x-big": "x".repeat(20_000) } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(big.status, 431);
    assert.match(big.type, /application\/json/);
    assert.equal(JSON.parse(big.body).error.code, "HEADERS_TOO_LARGE");

    const malformed = await t.admin.get("/api/v1/students/%E0%A4%A");
    assert.ok(malformed.status === 400 || malformed.status === 404, String(malformed.status));
    assert.ok(malformed.body?.error?.code, JSON.stringify(malformed.body));
  });
});
