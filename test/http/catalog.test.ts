// Catalogue API: courses and packages; integer money and hours with their decimal strings.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeCourse, makePackage, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

type Named = { id: number; name: string };
const paths = (body: { error: { details: { fields: { path: string }[] } } }) =>
  body.error.details.fields.map((f) => f.path).sort();

describe("catalogue API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const course = { name: "初中数学", subject: "数学", type: "small_class", billing: "hours", hoursPerLesson: 200 };

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/courses")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/courses", course)).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/packages")).status, 401);
    assert.equal((await t.anonymous.patch("/api/v1/packages/1", {})).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const bad = await t.admin.post("/api/v1/courses", { name: "", subject: "数学", type: "lecture", billing: "hours", hoursPerLesson: 1.5 });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["hoursPerLesson", "name", "type"]);
    const zero = await t.admin.post("/api/v1/courses", { ...course, name: "零课时", hoursPerLesson: 0 });
    assert.deepEqual(paths(zero.body), ["hoursPerLesson"]);
    const c = makeCourse(t.database.db);
    const pkg = await t.admin.post(`/api/v1/courses/${c.id}/packages`, { name: "20 课时", hours: 20.5, priceFen: -1, validityDays: 0, giftHours: "2" });
    assert.equal(pkg.status, 400);
    assert.deepEqual(paths(pkg.body), ["giftHours", "hours", "priceFen", "validityDays"]);
    const list = await t.admin.get("/api/v1/packages?courseId=abc&status=gone");
    assert.equal(list.status, 400);
    assert.deepEqual(paths(list.body), ["courseId", "status"]);
  });

  it("answers 403 to anyone but an admin for changes, and lets every signed-in person read", async () => {
    const c = makeCourse(t.database.db);
    const p = makePackage(t.database.db, { courseId: c.id });
    const principal = makeStaff(t.database.db, { roles: ["principal"] });
    const teacher = makeStaff(t.database.db, { roles: ["teacher"] });
    const asPrincipal = await t.asStaff(principal.id);
    const asTeacher = await t.asStaff(teacher.id);
    assert.equal((await asPrincipal.post("/api/v1/courses", { ...course, name: "校长的课" })).status, 403);
    assert.equal((await asPrincipal.patch(`/api/v1/courses/${c.id}`, { subject: "语文" })).status, 403);
    assert.equal((await asTeacher.post(`/api/v1/courses/${c.id}/packages`, { name: "x", hours: 100, priceFen: 100 })).status, 403);
    assert.equal((await asPrincipal.patch(`/api/v1/packages/${p.id}`, { priceFen: 1 })).status, 403);
    assert.equal((await asTeacher.get("/api/v1/courses")).status, 200);
    assert.equal((await asTeacher.get(`/api/v1/courses/${c.id}`)).status, 200);
    assert.equal((await asTeacher.get(`/api/v1/packages?courseId=${c.id}`)).status, 200);
    assert.equal((await asTeacher.get(`/api/v1/packages/${p.id}`)).status, 200);
  });

  it("answers 404 for a missing course or package", async () => {
    assert.equal((await t.admin.get("/api/v1/courses/999999")).status, 404);
    assert.equal((await t.admin.patch("/api/v1/courses/999999", { subject: "x" })).status, 404);
    assert.equal((await t.admin.post("/api/v1/courses/999999/packages", { name: "x", hours: 100, priceFen: 100 })).status, 404);
    assert.equal((await t.admin.get("/api/v1/packages/999999")).status, 404);
    assert.equal((await t.admin.patch("/api/v1/packages/999999", { priceFen: 1 })).status, 404);
  });

  it("answers 409 for duplicate names, stale versions and packages of an archived course", async () => {
    makeCourse(t.database.db, { name: "高中物理" });
    assert.equal((await t.admin.post("/api/v1/courses", { ...course, name: "高中物理" })).status, 409);
    const c = await t.admin.post("/api/v1/courses", { ...course, name: "高中化学" });
    assert.equal(c.status, 201);
    assert.equal((await t.admin.patch(`/api/v1/courses/${c.body.id}`, { name: "高中物理" })).status, 409);
    assert.equal((await t.admin.patch(`/api/v1/courses/${c.body.id}`, { subject: "化学", version: 1 })).status, 200);
    const staleCourse = await t.admin.patch(`/api/v1/courses/${c.body.id}`, { subject: "理综", version: 1 });
    assert.equal(staleCourse.status, 409);
    assert.equal(staleCourse.body.error.code, "STALE");

    const p = await t.admin.post(`/api/v1/courses/${c.body.id}/packages`, { name: "基础包", hours: 1000, priceFen: 150000 });
    assert.equal(p.status, 201);
    assert.equal((await t.admin.post(`/api/v1/courses/${c.body.id}/packages`, { name: "基础包", hours: 500, priceFen: 1 })).status, 409);
    assert.equal((await t.admin.patch(`/api/v1/packages/${p.body.id}`, { priceFen: 160000, version: 1 })).status, 200);
    const stalePackage = await t.admin.patch(`/api/v1/packages/${p.body.id}`, { priceFen: 1, version: 1 });
    assert.equal(stalePackage.status, 409);
    assert.equal(stalePackage.body.error.details.currentVersion, 2);

    const archived = makeCourse(t.database.db, { status: "archived" });
    const refused = await t.admin.post(`/api/v1/courses/${archived.id}/packages`, { name: "x", hours: 100, priceFen: 100 });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "PRECONDITION_FAILED");
  });

  it("creates, lists and changes courses and packages", async () => {
    const c = await t.admin.post("/api/v1/courses", {
      name: "一对一英语",
      subject: "英语",
      type: "one_on_one",
      billing: "hours",
      hoursPerLesson: 150,
      allowOverdraft: true,
    });
    assert.equal(c.status, 201);
    assert.equal(c.body.hoursPerLessonText, "1.50");
    assert.equal(c.body.absencePolicy, "deduct");
    assert.equal(c.body.allowOverdraft, true);
    assert.equal(c.body.status, "active");

    const p = await t.admin.post(`/api/v1/courses/${c.body.id}/packages`, {
      name: "20 课时包",
      hours: 2000,
      giftHours: 200,
      priceFen: 300000,
      validityDays: 365,
    });
    assert.equal(p.status, 201);
    assert.equal(p.body.priceYuan, "3000.00");
    assert.equal(p.body.hoursText, "20.00");
    assert.equal(p.body.giftHoursText, "2.00");
    assert.equal(p.body.validityDays, 365);
    const forever = await t.admin.post(`/api/v1/courses/${c.body.id}/packages`, { name: "永久包", hours: 1050, priceFen: 99999 });
    assert.equal(forever.body.validityDays, null);
    assert.equal(forever.body.giftHours, 0);
    assert.equal(forever.body.priceYuan, "999.99");
    assert.equal(forever.body.hoursText, "10.50");

    const archived = await t.admin.patch(`/api/v1/packages/${forever.body.id}`, { status: "archived", validityDays: 30 });
    assert.equal(archived.body.status, "archived");
    assert.equal(archived.body.validityDays, 30);
    const active = await t.admin.get(`/api/v1/packages?courseId=${c.body.id}&status=active`);
    assert.deepEqual(active.body.items.map((x: Named) => x.id), [p.body.id]);
    const both = await t.admin.get(`/api/v1/packages?courseId=${c.body.id}`);
    assert.deepEqual(both.body.items.map((x: Named) => x.id), [p.body.id, forever.body.id]);
    assert.equal((await t.admin.get(`/api/v1/packages/${p.body.id}`)).body.name, "20 课时包");

    const renamed = await t.admin.patch(`/api/v1/courses/${c.body.id}`, { status: "archived", hoursPerLesson: 100 });
    assert.equal(renamed.body.status, "archived");
    assert.equal(renamed.body.hoursPerLessonText, "1.00");
    const oneOnOne = await t.admin.get("/api/v1/courses?type=one_on_one&status=archived");
    assert.ok(oneOnOne.body.items.some((x: Named) => x.id === c.body.id));
    const activeCourses = await t.admin.get("/api/v1/courses?status=active");
    assert.ok(!activeCourses.body.items.some((x: Named) => x.id === c.body.id));
  });
});
