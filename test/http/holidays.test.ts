// Holidays API: business-calendar dates that lesson generation skips. 401 → 400 → 403 → 404 → happy path.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

type Fields = { error: { details: { fields: { path: string }[] } } };
const paths = (body: Fields) => body.error.details.fields.map((f) => f.path).sort();

describe("holidays API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/holidays")).status, 401);
    assert.equal((await t.anonymous.put("/api/v1/holidays/2026-05-01", { name: "劳动节" })).status, 401);
    assert.equal((await t.anonymous.delete("/api/v1/holidays/2026-05-01")).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const badDate = await t.admin.put("/api/v1/holidays/2026-02-30", { name: "不存在的日子" });
    assert.equal(badDate.status, 400);
    assert.deepEqual(paths(badDate.body), ["date"]);
    const badName = await t.admin.put("/api/v1/holidays/2026-05-01", { name: "" });
    assert.deepEqual(paths(badName.body), ["name"]);
    const badRange = await t.admin.get("/api/v1/holidays?from=2026-5-1&to=tomorrow");
    assert.deepEqual(paths(badRange.body), ["from", "to"]);
  });

  it("answers 403 to a teacher changing holidays (reading is allowed), 404 for removing a missing one", async () => {
    const teacher = makeStaff(t.database.db, { roles: ["teacher"] });
    const asTeacher = await t.asStaff(teacher.id);
    assert.equal((await asTeacher.put("/api/v1/holidays/2026-05-01", { name: "劳动节" })).status, 403);
    assert.equal((await asTeacher.delete("/api/v1/holidays/2026-05-01")).status, 403);
    assert.equal((await asTeacher.get("/api/v1/holidays")).status, 200);
    assert.equal((await t.admin.delete("/api/v1/holidays/2031-01-01")).status, 404);
  });

  it("sets, renames, lists by range and removes holidays", async () => {
    const academic = makeStaff(t.database.db, { roles: ["academic"] });
    const asAcademic = await t.asStaff(academic.id);
    const created = await asAcademic.put("/api/v1/holidays/2026-05-01", { name: "劳动节" });
    assert.equal(created.status, 200);
    assert.deepEqual({ date: created.body.date, name: created.body.name }, { date: "2026-05-01", name: "劳动节" });
    const renamed = await asAcademic.put("/api/v1/holidays/2026-05-01", { name: "劳动节（五一）" });
    assert.equal(renamed.body.name, "劳动节（五一）");
    await asAcademic.put("/api/v1/holidays/2026-05-02", { name: "劳动节" });
    await asAcademic.put("/api/v1/holidays/2026-10-01", { name: "国庆节" });
    const may = await asAcademic.get("/api/v1/holidays?from=2026-05-01&to=2026-05-31");
    assert.deepEqual(may.body.items.map((h: { date: string; name: string }) => [h.date, h.name]), [
      ["2026-05-01", "劳动节（五一）"],
      ["2026-05-02", "劳动节"],
    ]);
    const all = await asAcademic.get("/api/v1/holidays");
    assert.deepEqual(all.body.items.map((h: { date: string }) => h.date), ["2026-05-01", "2026-05-02", "2026-10-01"]);
    assert.equal((await asAcademic.delete("/api/v1/holidays/2026-05-02")).status, 204);
    const remaining = await asAcademic.get("/api/v1/holidays?from=2026-05-01");
    assert.deepEqual(remaining.body.items.map((h: { date: string }) => h.date), ["2026-05-01", "2026-10-01"]);
  });
});
