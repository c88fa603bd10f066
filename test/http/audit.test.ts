import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { recordAudit } from "../../server/domain/audit/recordAudit";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

type AuditItem = {
  id: number;
  at: number;
  actor: { kind: string; id: number | null; label: string };
  action: string;
  entityType: string;
  entityId: number | null;
  studentId: number | null;
  campusId: number | null;
  details: Record<string, unknown>;
  requestId: string | null;
};

describe("audit log API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    for (let i = 1; i <= 5; i++) {
      t.clock.advance(1000);
      recordAudit(t.ctx, { action: "payment.record", entityType: "order", entityId: i, details: { amountFen: i * 100 } });
    }
    recordAudit(t.ctx, { action: "guardian.mobile.reveal", entityType: "guardian", entityId: 1 });
  });
  after(() => t.close());

  it("answers 401 without a login and 400 for bad filters", async () => {
    assert.equal((await t.anonymous.get("/api/v1/audit")).status, 401);
    const bad = await t.admin.get("/api/v1/audit?limit=0&entityId=x&cursor=-1");
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details.fields.map((f: { path: string }) => f.path).sort(),
      ["cursor", "entityId", "limit"],
    );
    assert.equal((await t.admin.get("/api/v1/audit?limit=101")).status, 400);
  });

  it("answers 403 to roles without audit.read", async () => {
    const campus = makeCampus(t.database.db);
    for (const roles of [["teacher"], ["finance"], ["academic"]] as const) {
      const person = makeStaff(t.database.db, { roles: [...roles], campusIds: [campus.id] });
      const res = await (await t.asStaff(person.id)).get("/api/v1/audit");
      assert.equal(res.status, 403, roles.join());
    }
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] });
    assert.equal((await (await t.asStaff(principal.id)).get("/api/v1/audit")).status, 200);
  });

  it("lists newest first with parsed details, filtered by entity and action", async () => {
    const all = await t.admin.get("/api/v1/audit");
    assert.equal(all.status, 200);
    const items: AuditItem[] = all.body.items;
    assert.deepEqual(
      items.map((i) => i.id),
      [...items.map((i) => i.id)].sort((a, b) => b - a),
    );
    // the admin token's own earlier calls are audited too (api.call), newer than the seeded rows
    assert.equal(items.find((i) => i.action !== "api.call")?.action, "guardian.mobile.reveal");

    const one = await t.admin.get("/api/v1/audit?entityType=order&entityId=3");
    assert.equal(one.body.items.length, 1);
    const row: AuditItem = one.body.items[0];
    assert.deepEqual(row.details, { amountFen: 300 });
    assert.deepEqual(row.actor, { kind: "system", id: null, label: "系统:test" });
    assert.equal(row.entityType, "order");

    const byAction = await t.admin.get("/api/v1/audit?action=payment.record");
    assert.deepEqual(
      byAction.body.items.map((i: AuditItem) => i.entityId),
      [5, 4, 3, 2, 1],
    );
    assert.equal((await t.admin.get("/api/v1/audit?action=nothing.here")).body.items.length, 0);
  });

  it("pages with cursor = the last id of the previous page", async () => {
    const first = await t.admin.get("/api/v1/audit?action=payment.record&limit=2");
    assert.deepEqual(first.body.items.map((i: AuditItem) => i.entityId), [5, 4]);
    assert.equal(first.body.nextCursor, first.body.items[1].id);
    const second = await t.admin.get(`/api/v1/audit?action=payment.record&limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((i: AuditItem) => i.entityId), [3, 2]);
    const third = await t.admin.get(`/api/v1/audit?action=payment.record&limit=2&cursor=${second.body.nextCursor}`);
    assert.deepEqual(third.body.items.map((i: AuditItem) => i.entityId), [1]);
    assert.equal(third.body.nextCursor, null);
  });

  it("records who did it and the request id for changes made over HTTP", async () => {
    const created = await t.admin.post("/api/v1/tokens", { name: "审计用", role: "admin" }, { "x-request-id": "audit-req-1" });
    assert.equal(created.status, 201);
    const res = await t.admin.get(`/api/v1/audit?entityType=api_token&entityId=${created.body.id}`);
    const row: AuditItem = res.body.items[0];
    assert.equal(row.action, "token.create");
    assert.equal(row.requestId, "audit-req-1");
    assert.deepEqual(row.actor, { kind: "token", id: null, label: "令牌:ADMIN_API_TOKEN" });
    assert.equal(row.at, t.clock.now());
    assert.deepEqual(row.details, { name: "审计用", role: "admin", campusIds: [], prefix: created.body.prefix, expiresAt: created.body.expiresAt });
  });
});
