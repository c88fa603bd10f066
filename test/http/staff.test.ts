// Staff API: create, list, edit, roles (audited) and departure (sessions revoked).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditLog, sessions } from "../../server/db/schema";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

type StaffJson = { id: number; name: string; mobile: string | null; roles: string[]; campusIds: number[] };
const ids = (body: { items: StaffJson[] }) => body.items.map((s) => s.id);
const paths = (body: { error: { details: { fields: { path: string }[] } } }) =>
  body.error.details.fields.map((f) => f.path).sort();

describe("staff API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/staff")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/staff", { name: "x", roles: ["teacher"] })).status, 401);
    assert.equal((await t.anonymous.put("/api/v1/staff/1/roles", { roles: ["admin"], campusIds: [] })).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/staff/1/leave")).status, 401);
  });

  it("answers 400 naming each bad field, including campuses that do not exist", async () => {
    const res = await t.admin.post("/api/v1/staff", { name: "", mobile: "1234", roles: ["wizard"], wecomUserId: 5 });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res.body), ["mobile", "name", "roles.0", "wecomUserId"]);
    const noRoles = await t.admin.post("/api/v1/staff", { name: "甲", roles: [] });
    assert.deepEqual(paths(noRoles.body), ["roles"]);
    const campus = makeCampus(t.database.db);
    const badCampus = await t.admin.post("/api/v1/staff", { name: "甲", roles: ["teacher"], campusIds: [campus.id, 99999] });
    assert.equal(badCampus.status, 400);
    assert.deepEqual(paths(badCampus.body), ["campusIds.1"]);
    const list = await t.admin.get("/api/v1/staff?role=wizard&status=gone");
    assert.equal(list.status, 400);
    assert.deepEqual(paths(list.body), ["role", "status"]);
  });

  it("answers 403 to roles without staff.read or staff.write", async () => {
    const campus = makeCampus(t.database.db);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campus.id] });
    const asTeacher = await t.asStaff(teacher.id);
    assert.equal((await asTeacher.get("/api/v1/staff")).status, 403);
    assert.equal((await asTeacher.get(`/api/v1/staff/${teacher.id}`)).status, 403);
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] });
    const asPrincipal = await t.asStaff(principal.id);
    assert.equal((await asPrincipal.get("/api/v1/staff")).status, 200);
    assert.equal((await asPrincipal.post("/api/v1/staff", { name: "乙", roles: ["teacher"] })).status, 403);
    assert.equal((await asPrincipal.patch(`/api/v1/staff/${teacher.id}`, { name: "改名" })).status, 403);
    assert.equal((await asPrincipal.put(`/api/v1/staff/${principal.id}/roles`, { roles: ["admin"], campusIds: [] })).status, 403);
    assert.equal((await asPrincipal.post(`/api/v1/staff/${teacher.id}/leave`)).status, 403);
  });

  it("answers 404 for a staff member that does not exist", async () => {
    assert.equal((await t.admin.get("/api/v1/staff/999999")).status, 404);
    assert.equal((await t.admin.patch("/api/v1/staff/999999", { name: "x" })).status, 404);
    assert.equal((await t.admin.put("/api/v1/staff/999999/roles", { roles: ["teacher"], campusIds: [] })).status, 404);
    assert.equal((await t.admin.post("/api/v1/staff/999999/leave")).status, 404);
  });

  it("answers 409 for a mobile or platform id already in use, and for a stale version", async () => {
    makeStaff(t.database.db, { mobile: "13311112222", wecomUserId: "zhangsan", dingtalkUserId: "dt-1" });
    const dupMobile = await t.admin.post("/api/v1/staff", { name: "丙", mobile: "133-1111-2222", roles: ["teacher"] });
    assert.equal(dupMobile.status, 409);
    assert.equal(dupMobile.body.error.details.field, "mobile");
    const dupWecom = await t.admin.post("/api/v1/staff", { name: "丙", roles: ["teacher"], wecomUserId: "zhangsan" });
    assert.equal(dupWecom.status, 409);
    assert.equal(dupWecom.body.error.details.field, "wecomUserId");

    const created = await t.admin.post("/api/v1/staff", { name: "丁", roles: ["teacher"], dingtalkUnionId: "u-9" });
    assert.equal(created.status, 201);
    const dupDing = await t.admin.patch(`/api/v1/staff/${created.body.id}`, { dingtalkUserId: "dt-1" });
    assert.equal(dupDing.status, 409);
    assert.equal(dupDing.body.error.details.field, "dingtalkUserId");
    const first = await t.admin.patch(`/api/v1/staff/${created.body.id}`, { name: "丁一", version: 1 });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    const staleWrite = await t.admin.patch(`/api/v1/staff/${created.body.id}`, { name: "丁二", version: 1 });
    assert.equal(staleWrite.status, 409);
    assert.equal(staleWrite.body.error.code, "STALE");
    const staleRoles = await t.admin.put(`/api/v1/staff/${created.body.id}/roles`, { roles: ["advisor"], campusIds: [], version: 1 });
    assert.equal(staleRoles.body.error.code, "STALE");
  });

  it("creates staff, gets them, and lists them by role, campus, status and name prefix", async () => {
    const campus = makeCampus(t.database.db);
    const created = await t.admin.post("/api/v1/staff", {
      name: "欧阳老师",
      mobile: "+86 131 0000 5555",
      roles: ["teacher", "head_teacher", "teacher"],
      campusIds: [campus.id],
      wecomUserId: "ouyang",
      dingtalkUserId: "",
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.mobile, "13100005555");
    assert.deepEqual(created.body.roles, ["head_teacher", "teacher"]);
    assert.deepEqual(created.body.campusIds, [campus.id]);
    assert.equal(created.body.dingtalkUserId, null);
    assert.equal(created.body.status, "active");
    assert.equal(created.body.createdAt, T0);
    const other = makeStaff(t.database.db, { name: "欧阳顾问", roles: ["advisor"], campusIds: [campus.id] });
    const elsewhere = makeStaff(t.database.db, { name: "欧阳财务", roles: ["finance"] });

    const got = await t.admin.get(`/api/v1/staff/${created.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.wecomUserId, "ouyang");

    const q = (query: string) => t.admin.get(`/api/v1/staff?${query}`).then((r) => ids(r.body));
    assert.deepEqual(await q(`q=${encodeURIComponent("欧阳")}`), [elsewhere.id, other.id, created.body.id]);
    assert.deepEqual(await q(`q=${encodeURIComponent("欧阳老")}`), [created.body.id]);
    assert.deepEqual(await q(`campusId=${campus.id}`), [other.id, created.body.id]);
    assert.deepEqual(await q(`campusId=${campus.id}&role=head_teacher`), [created.body.id]);
    assert.deepEqual(await q(`q=${encodeURIComponent("%")}`), []);
    const page1 = await t.admin.get(`/api/v1/staff?q=${encodeURIComponent("欧阳")}&limit=2`);
    assert.deepEqual(ids(page1.body), [elsewhere.id, other.id]);
    const page2 = await t.admin.get(`/api/v1/staff?q=${encodeURIComponent("欧阳")}&limit=2&cursor=${page1.body.nextCursor}`);
    assert.deepEqual(ids(page2.body), [created.body.id]);
    assert.equal(page2.body.nextCursor, null);

    // Someone who reads but does not manage staff sees masked mobiles.
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] });
    const asPrincipal = await t.asStaff(principal.id);
    const seen = await asPrincipal.get(`/api/v1/staff/${created.body.id}`);
    assert.equal(seen.body.mobile, "131****5555");
  });

  it("replaces roles and campuses and audits before and after", async () => {
    const campusA = makeCampus(t.database.db);
    const campusB = makeCampus(t.database.db);
    const person = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusA.id] });
    const res = await t.admin.put(`/api/v1/staff/${person.id}/roles`, { roles: ["principal", "advisor"], campusIds: [campusB.id, campusA.id] });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.roles, ["advisor", "principal"]);
    assert.deepEqual(res.body.campusIds, [campusA.id, campusB.id]);
    assert.equal(res.body.version, 2);
    const rows = t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "staff.roles.update"), eq(auditLog.entityId, person.id)))
      .all();
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.ok(row);
    assert.equal(row.entityType, "staff");
    assert.equal(row.actorLabel, "令牌:ADMIN_API_TOKEN");
    assert.deepEqual(JSON.parse(row.details), {
      before: { roles: ["teacher"], campusIds: [campusA.id] },
      after: { roles: ["advisor", "principal"], campusIds: [campusA.id, campusB.id] },
    });
    // The new roles take effect on the person's next request.
    const asPerson = await t.asStaff(person.id);
    assert.equal((await asPerson.get("/api/v1/staff")).status, 200);
  });

  it("keeps an admin from removing their own admin role or marking themselves left", async () => {
    const admin = makeStaff(t.database.db, { roles: ["admin"] });
    const asAdmin = await t.asStaff(admin.id);
    const demote = await asAdmin.put(`/api/v1/staff/${admin.id}/roles`, { roles: ["teacher"], campusIds: [] });
    assert.equal(demote.status, 409);
    assert.equal(demote.body.error.code, "PRECONDITION_FAILED");
    assert.equal((await asAdmin.post(`/api/v1/staff/${admin.id}/leave`)).status, 409);
  });

  it("marks a staff member left, revokes their sessions, and refuses a second time", async () => {
    const person = makeStaff(t.database.db, { roles: ["advisor"] });
    const asPerson = await t.asStaff(person.id);
    assert.equal((await asPerson.get("/api/v1/staff")).status, 200);
    t.clock.advance(1000);
    const res = await t.admin.post(`/api/v1/staff/${person.id}/leave`);
    t.clock.set(T0);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "left");
    assert.equal(res.body.leftAt, T0 + 1000);
    const open = t.database.db.select().from(sessions).where(eq(sessions.staffId, person.id)).all();
    assert.ok(open.length > 0);
    assert.ok(open.every((s) => s.revokedAt === T0 + 1000));
    assert.equal((await asPerson.get("/api/v1/staff")).status, 401);
    const again = await t.admin.post(`/api/v1/staff/${person.id}/leave`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "PRECONDITION_FAILED");
    assert.deepEqual(ids((await t.admin.get(`/api/v1/staff?status=left&q=${encodeURIComponent(person.name)}`)).body), [person.id]);
  });
});
