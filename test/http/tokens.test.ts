import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { apiTokens, auditLog } from "../../server/db/schema";
import { hashToken } from "../../server/domain/access/tokenHash";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

const fieldsOf = (body: { error: { details: { fields: { path: string; message: string }[] } } }) =>
  body.error.details.fields;

describe("API tokens", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/tokens")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/tokens", { name: "x", role: "admin" })).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/tokens/1/revoke")).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const empty = await t.admin.post("/api/v1/tokens", {});
    assert.equal(empty.status, 400);
    assert.deepEqual(fieldsOf(empty.body).map((f) => f.path).sort(), ["name", "role"]);

    const badRole = await t.admin.post("/api/v1/tokens", { name: "对接", role: "boss" });
    assert.equal(badRole.status, 400);
    assert.deepEqual(fieldsOf(badRole.body).map((f) => f.path), ["role"]);

    const badCampus = await t.admin.post("/api/v1/tokens", { name: "对接", role: "principal", campusIds: ["a"] });
    assert.equal(badCampus.status, 400);
    assert.equal(fieldsOf(badCampus.body)[0]?.path, "campusIds.0");

    const missingCampus = await t.admin.post("/api/v1/tokens", { name: "对接", role: "finance", campusIds: [99999] });
    assert.equal(missingCampus.status, 400);
    assert.equal(fieldsOf(missingCampus.body)[0]?.path, "campusIds");
    assert.match(fieldsOf(missingCampus.body)[0]?.message ?? "", /校区不存在：99999/);

    const noCampus = await t.admin.post("/api/v1/tokens", { name: "对接", role: "finance" });
    assert.equal(noCampus.status, 400);
    assert.equal(fieldsOf(noCampus.body)[0]?.path, "campusIds");

    const badId = await t.admin.post("/api/v1/tokens/abc/revoke");
    assert.equal(badId.status, 400);
    assert.equal(fieldsOf(badId.body)[0]?.path, "id");
    assert.equal(t.database.db.select().from(apiTokens).all().length, 0);
  });

  it("refuses person-relative roles with a zh-CN message on `role`: a token is not a person", async () => {
    for (const role of ["advisor", "teacher", "head_teacher"]) {
      const res = await t.admin.post("/api/v1/tokens", { name: "个人令牌", role });
      assert.equal(res.status, 400, role);
      const fields = fieldsOf(res.body);
      assert.deepEqual(fields.map((f) => f.path), ["role"]);
      assert.match(fields[0]?.message ?? "", /令牌不是一个人/);
    }
  });

  it("answers 403 to staff without tokens.manage, whatever their role", async () => {
    const campus = makeCampus(t.database.db);
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] });
    const asPrincipal = await t.asStaff(principal.id);
    assert.equal((await asPrincipal.get("/api/v1/tokens")).status, 403);
    const denied = await asPrincipal.post("/api/v1/tokens", { name: "x", role: "admin" });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, "FORBIDDEN");
    assert.equal((await asPrincipal.post("/api/v1/tokens/1/revoke")).status, 403);
  });

  it("answers 404 when revoking a token that does not exist", async () => {
    const res = await t.admin.post("/api/v1/tokens/99999/revoke");
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "NOT_FOUND");
  });

  it("creates a token shown once, stores only its hash, lists it without secrets, and revokes it", async () => {
    const campus = makeCampus(t.database.db);
    const created = await t.admin.post("/api/v1/tokens", { name: "财务对账", role: "finance", campusIds: [campus.id] });
    assert.equal(created.status, 201);
    const token: string = created.body.token;
    assert.match(token, /^xgt_[A-Za-z0-9_-]{32}$/);
    assert.equal(created.body.prefix, token.slice(0, 12));
    assert.deepEqual(created.body.campusIds, [campus.id]);
    assert.equal(created.body.createdBy, "令牌:ADMIN_API_TOKEN");
    assert.equal(created.body.revokedAt, null);

    const row = t.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.body.id)).get();
    assert.equal(row?.tokenHash, hashToken(token));
    assert.ok(!JSON.stringify(row).includes(token), "the plain token is not stored");

    // The token works, with the role it was given: finance reads orders but may not manage tokens.
    const asFinance = t.asToken(token);
    const me = await asFinance.get("/api/v1/auth/me");
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { kind: "token", id: created.body.id, name: "财务对账", roles: ["finance"], roleText: "财务", campusIds: [campus.id] });
    assert.equal((await asFinance.get("/api/v1/tokens")).status, 403);
    assert.equal(t.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.body.id)).get()?.lastUsedAt, t.clock.now());

    const list = await t.admin.get("/api/v1/tokens");
    assert.equal(list.status, 200);
    const listed = list.body.items.find((i: { id: number }) => i.id === created.body.id);
    assert.equal(listed.prefix, token.slice(0, 12));
    const text = JSON.stringify(list.body);
    assert.ok(!text.includes(token) && !text.includes(hashToken(token)), "the list shows neither token nor hash");
    assert.ok(!("tokenHash" in listed) && !("token" in listed));

    t.clock.advance(60_000);
    const revoked = await t.admin.post(`/api/v1/tokens/${created.body.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.revokedAt, t.clock.now());
    const again = await t.admin.post(`/api/v1/tokens/${created.body.id}/revoke`);
    assert.equal(again.status, 200);
    assert.equal(again.body.revokedAt, revoked.body.revokedAt, "revoking twice keeps the first time");

    const refused = await asFinance.get("/api/v1/auth/me");
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, "UNAUTHENTICATED");

    const audit = t.database.db.select().from(auditLog).where(eq(auditLog.entityId, created.body.id)).all();
    assert.deepEqual(
      audit.filter((a) => a.entityType === "api_token").map((a) => a.action),
      ["token.create", "token.revoke"],
    );
    assert.ok(audit.every((a) => !a.details.includes(token)), "the audit log does not hold the token");
  });

  it("lets an admin token create tokens that can themselves manage tokens", async () => {
    const created = await t.admin.post("/api/v1/tokens", { name: "自动化", role: "admin" });
    assert.equal(created.status, 201);
    const nested = await t.asToken(created.body.token).post("/api/v1/tokens", { name: "二级", role: "admin" });
    assert.equal(nested.status, 201);
    assert.equal(nested.body.createdBy, "令牌:自动化");
  });

  it("expires tokens: 90 days unless asked, never only when asked by an admin, never later than the token creating it; an expired token answers 401", async () => {
    const DAY = 24 * 3600 * 1000;
    const now = t.clock.now();
    const byDefault = await t.admin.post("/api/v1/tokens", { name: "默认有效期", role: "admin" });
    assert.equal(byDefault.status, 201);
    assert.equal(byDefault.body.expiresAt, now + 90 * DAY);
    const never = await t.admin.post("/api/v1/tokens", { name: "永久", role: "admin", expiresInDays: null });
    assert.equal(never.status, 201);
    assert.equal(never.body.expiresAt, null);
    const admin = makeStaff(t.database.db, { roles: ["admin"] });
    const bySession = await (await t.asStaff(admin.id)).post("/api/v1/tokens", { name: "管理员本人建的永久令牌", role: "admin", expiresInDays: null });
    assert.equal(bySession.status, 201);
    assert.equal(bySession.body.expiresAt, null);

    for (const expiresInDays of [0, 731, 1.5, "30"]) {
      const bad = await t.admin.post("/api/v1/tokens", { name: "坏的", role: "admin", expiresInDays });
      assert.equal(bad.status, 400, String(expiresInDays));
      assert.deepEqual(fieldsOf(bad.body).map((f) => f.path), ["expiresInDays"]);
    }

    // a token cannot mint a longer-lived (or everlasting) successor for itself
    const asNinetyDays = t.asToken(byDefault.body.token);
    for (const expiresInDays of [null, 91]) {
      const longer = await asNinetyDays.post("/api/v1/tokens", { name: "更久", role: "admin", expiresInDays });
      assert.equal(longer.status, 400, String(expiresInDays));
      assert.equal(fieldsOf(longer.body)[0]?.path, "expiresInDays");
      assert.match(fieldsOf(longer.body)[0]?.message ?? "", /不能比它更晚过期/);
    }
    const shorter = await asNinetyDays.post("/api/v1/tokens", { name: "一天", role: "admin", expiresInDays: 1 });
    assert.equal(shorter.status, 201);
    assert.equal(shorter.body.expiresAt, now + DAY);
    const viaEverlasting = await t.asToken(never.body.token).post("/api/v1/tokens", { name: "永久的下一级", role: "admin", expiresInDays: null });
    assert.equal(viaEverlasting.status, 201, "a token that never expires may create one that never expires");

    const asOneDay = t.asToken(shorter.body.token);
    assert.equal((await asOneDay.get("/api/v1/auth/me")).status, 200);
    t.clock.advance(DAY - 1);
    assert.equal((await asOneDay.get("/api/v1/auth/me")).status, 200, "valid until the last millisecond");
    t.clock.advance(1);
    const expired = await asOneDay.get("/api/v1/auth/me");
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, "UNAUTHENTICATED");
    assert.equal(expired.body.error.message, "API 令牌已过期");
    assert.equal((await t.asToken("xgt_nothing-like-a-real-token").get("/api/v1/auth/me")).body.error.message, "API 令牌无效或已吊销");

    // the list shows when each token was last used and when it expires
    const listed = (await t.admin.get("/api/v1/tokens")).body.items.find((i: { id: number }) => i.id === shorter.body.id);
    assert.equal(listed.expiresAt, now + DAY);
    assert.equal(listed.lastUsedAt, now + DAY - 1);
  });
});
