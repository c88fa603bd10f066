// Terms (学期) and the refund fee setting: 401 → 400 → 403 → 409 → happy path.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("terms and the refund fee", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("creates terms that do not overlap, lists and deletes them", async () => {
    assert.equal((await t.anonymous.get("/api/v1/terms")).status, 401);
    const bad = await t.admin.post("/api/v1/terms", { name: "秋季", startDate: "2026-09-01", endDate: "2026-08-01" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.fields[0].path, "endDate");
    const teacher = await t.asStaff(makeStaff(t.database.db, { roles: ["teacher"], campusIds: [makeCampus(t.database.db).id] }).id);
    assert.equal((await teacher.post("/api/v1/terms", { name: "秋季", startDate: "2026-09-01", endDate: "2027-01-20" })).status, 403);
    const autumn = await t.admin.post("/api/v1/terms", { name: "2026 秋季", startDate: "2026-09-01", endDate: "2027-01-20" });
    assert.equal(autumn.status, 201);
    const overlap = await t.admin.post("/api/v1/terms", { name: "2027 春季", startDate: "2027-01-15", endDate: "2027-06-30" });
    assert.equal(overlap.status, 409);
    assert.match(overlap.body.error.message, /2026 秋季/);
    const spring = await t.admin.post("/api/v1/terms", { name: "2027 春季", startDate: "2027-02-20", endDate: "2027-06-30" });
    assert.equal(spring.status, 201);
    const list = await t.admin.get("/api/v1/terms");
    assert.deepEqual(list.body.items.map((x: { name: string }) => x.name), ["2026 秋季", "2027 春季"]);
    assert.equal((await t.admin.delete(`/api/v1/terms/${spring.body.id}`)).status, 204);
    assert.equal((await t.admin.delete(`/api/v1/terms/${spring.body.id}`)).status, 404);
  });

  it("sets the refund handling fee in basis points, within 0–50%", async () => {
    assert.equal((await t.admin.patch("/api/v1/settings", { refundFeeRateBp: 9000 })).status, 400);
    const ok = await t.admin.patch("/api/v1/settings", { refundFeeRateBp: 500 });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.refundFeeRateBp, 500);
  });
});
