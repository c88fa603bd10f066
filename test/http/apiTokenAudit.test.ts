// Every request made with an API token is in the audit log (issue 14, "API tokens"): one `api.call` row
// per request, reads and refusals included, with the area, the route, the target id and the status the
// caller got; readable by admins (filter by action or by the token), never by campus staff.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { auditLog } from "../../server/db/schema";
import { makeCampus, makeGuardian, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp, type TestClient } from "../helpers/testApp";

type Call = {
  action: string;
  actor: { kind: string; id: number | null; label: string };
  entityType: string;
  entityId: number | null;
  studentId: number | null;
  campusId: number | null;
  details: { method: string; route: string; params: Record<string, string>; status: number };
  requestId: string | null;
};

describe("API calls made with a token", () => {
  let t: TestApp;
  let tokenId: number;
  let asToken: TestClient;
  let campusId: number;
  let studentId: number;
  const apiCalls = () => t.database.db.select().from(auditLog).where(eq(auditLog.action, "api.call")).all().length;

  before(async () => {
    t = await startTestApp();
    campusId = makeCampus(t.database.db).id;
    const student = makeStudent(t.database.db, { campusId });
    studentId = student.id;
    makeGuardian(t.database.db, student.id, { mobile: "13812345678" });
    const created = await t.admin.post("/api/v1/tokens", { name: "校长看板", role: "principal", campusIds: [campusId] });
    assert.equal(created.status, 201);
    tokenId = created.body.id;
    asToken = t.asToken(created.body.token);
  });
  after(() => t.close());

  it("writes one row per request: area, route, target and the status the caller got", async () => {
    const before = apiCalls();
    const calls: [string, string, number][] = [
      ["GET", `/api/v1/students/${studentId}`, 200],
      ["GET", "/api/v1/students?q=13812345678&limit=5", 200],
      ["GET", "/api/v1/students/99999", 404],
      ["GET", "/api/v1/tokens", 403],
      ["POST", `/api/v1/students/${studentId}/followups`, 201],
      ["GET", "/api/v1/no-such-thing/7", 404],
    ];
    for (const [method, path, status] of calls) {
      const res = await asToken.raw(path, {
        method,
        headers: { "x-request-id": `call-${status}-${method}`, "content-type": "application/json" },
        body: method === "POST" ? JSON.stringify({ channel: "phone", content: "电话回访：家长满意" }) : undefined,
      });
      assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
    assert.equal(apiCalls() - before, calls.length, "one row per call");

    const res = await t.admin.get(`/api/v1/audit?action=api.call&actorKind=token&actorId=${tokenId}&limit=${calls.length}`);
    assert.equal(res.status, 200);
    const rows: Call[] = res.body.items;
    assert.deepEqual(
      rows.reverse().map((r) => [r.details.method, r.entityType, r.entityId, r.details.route, r.details.status]),
      [
        ["GET", "students", studentId, "/api/v1/students/:id", 200],
        ["GET", "students", null, "/api/v1/students", 200],
        ["GET", "students", 99999, "/api/v1/students/:id", 404],
        ["GET", "tokens", null, "/api/v1/tokens", 403],
        ["POST", "students", studentId, "/api/v1/students/:id/followups", 201],
        ["GET", "no-such-thing", null, "/api/v1/no-such-thing/7", 404],
      ],
    );
    const first = rows[0];
    assert.deepEqual(first?.actor, { kind: "token", id: tokenId, label: "令牌:校长看板" });
    assert.deepEqual(first?.details.params, { id: String(studentId) });
    assert.equal(first?.requestId, "call-200-GET");
    assert.deepEqual([first?.studentId, first?.campusId], [null, null], "institution-wide: admins read API calls");
    assert.ok(!JSON.stringify(rows).includes("13812345678"), "the query string (a mobile here) is not logged");
  });

  it("audits the admin token too, and nothing for people signed in or for refused tokens", async () => {
    const before = apiCalls();
    await t.admin.get("/api/v1/campuses");
    assert.equal(apiCalls(), before + 1);
    const admin = await t.admin.get("/api/v1/audit?action=api.call&actorKind=token&limit=1");
    assert.equal(admin.body.items[0].actor.label, "令牌:ADMIN_API_TOKEN");
    assert.equal(admin.body.items[0].details.route, "/api/v1/campuses");

    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campusId] });
    const asPrincipal = await t.asStaff(principal.id);
    const count = apiCalls();
    assert.equal((await asPrincipal.get(`/api/v1/students/${studentId}`)).status, 200);
    assert.equal((await t.asToken("xgt_not-a-token").get("/api/v1/students")).status, 401);
    assert.equal(apiCalls(), count, "a session, or a token refused, writes no api.call row");

    // campus staff do not read API calls, even the ones about their campus's students
    const seen = await asPrincipal.get("/api/v1/audit?action=api.call");
    assert.equal(seen.status, 200);
    assert.deepEqual(seen.body.items, []);
    assert.equal((await t.admin.get("/api/v1/audit?actorKind=robot")).status, 400);
  });
});
