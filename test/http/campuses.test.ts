import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("campuses and rooms API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers 401 without a login, and with a bad token", async () => {
    assert.equal((await t.anonymous.get("/api/v1/campuses")).status, 401);
    const res = await t.asToken("nope").get("/api/v1/campuses");
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "UNAUTHENTICATED");
    assert.equal(res.body.error.message, "API 令牌无效或已吊销");
    assert.equal((await t.asToken("nope").get("/healthz")).status, 200, "a stale token does not break public routes");
  });

  it("answers 400 naming each bad field", async () => {
    const res = await t.admin.post("/api/v1/campuses", { name: "", phone: 12 });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.error.details.fields.map((f: { path: string }) => f.path).sort(), ["name", "phone"]);
    const room = await t.admin.post("/api/v1/campuses/1/rooms", { name: "A1", capacity: 0 });
    assert.equal(room.status, 400);
    assert.equal(room.body.error.details.fields[0].path, "capacity");
  });

  it("answers 403 to a role that may not change campuses, 404 for a missing one", async () => {
    const teacher = makeStaff(t.database.db, { roles: ["teacher"] });
    const asTeacher = await t.asStaff(teacher.id);
    assert.equal((await asTeacher.post("/api/v1/campuses", { name: "新校区" })).status, 403);
    assert.equal((await t.admin.get("/api/v1/campuses/99999")).status, 404);
    assert.equal((await t.admin.patch("/api/v1/campuses/99999", { name: "x" })).status, 404);
  });

  it("answers 409 for a duplicate name and for a stale version", async () => {
    makeCampus(t.database.db, { name: "五角场校区" });
    const dup = await t.admin.post("/api/v1/campuses", { name: "五角场校区" });
    assert.equal(dup.status, 409);
    const created = await t.admin.post("/api/v1/campuses", { name: "徐汇校区" });
    const first = await t.admin.patch(`/api/v1/campuses/${created.body.id}`, { address: "漕溪北路 1 号", version: 1 });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    const staleWrite = await t.admin.patch(`/api/v1/campuses/${created.body.id}`, { address: "旧地址", version: 1 });
    assert.equal(staleWrite.status, 409);
    assert.equal(staleWrite.body.error.code, "STALE");
    assert.equal(staleWrite.body.error.details.currentVersion, 2);
  });

  it("creates a campus with rooms and lists them", async () => {
    const campus = await t.admin.post("/api/v1/campuses", { name: "浦东校区", address: "张江路 88 号" });
    assert.equal(campus.status, 201);
    const room = await t.admin.post(`/api/v1/campuses/${campus.body.id}/rooms`, { name: "301", capacity: 12 });
    assert.equal(room.status, 201);
    assert.equal((await t.admin.post(`/api/v1/campuses/${campus.body.id}/rooms`, { name: "301", capacity: 5 })).status, 409);
    const rooms = await t.admin.get(`/api/v1/campuses/${campus.body.id}/rooms`);
    assert.deepEqual(rooms.body.items.map((r: { name: string }) => r.name), ["301"]);
    const list = await t.admin.get("/api/v1/campuses");
    assert.ok(list.body.items.some((c: { name: string }) => c.name === "浦东校区"));
  });
});
