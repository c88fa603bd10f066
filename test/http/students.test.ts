// Students API: 401 → 400 → 403 → 404 (out of scope) → 409 → happy paths, data scope per role, search.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { enrollments, studentStatusChanges } from "../../server/db/schema";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

type Item = { id: number; name: string };
const ids = (body: { items: Item[] }) => body.items.map((s) => s.id);
const paths = (body: { error: { details: { fields: { path: string }[] } } }) =>
  body.error.details.fields.map((f) => f.path).sort();

describe("students API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/students")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students", { name: "张三", campusId: 1 })).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/students/1")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students/1/status", { status: "trial" })).status, 401);
  });

  it("answers 400 naming each bad field, and bad references by field", async () => {
    const bad = await t.admin.post("/api/v1/students", {
      name: "",
      gender: "x",
      birthday: "2020-02-30",
      campusId: "abc",
      tags: [""],
      status: "finished",
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "VALIDATION");
    assert.deepEqual(paths(bad.body), ["birthday", "campusId", "gender", "name", "status", "tags.0"]);

    const campus = makeCampus(t.database.db);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"] });
    const left = makeStaff(t.database.db, { roles: ["head_teacher"], status: "left" });
    const refs = await t.admin.post("/api/v1/students", { name: "李四", campusId: 99999, advisorId: teacher.id, headTeacherId: left.id });
    assert.equal(refs.status, 400);
    assert.deepEqual(paths(refs.body), ["advisorId", "campusId", "headTeacherId"]);
    const missing = await t.admin.post("/api/v1/students", { name: "李四", campusId: campus.id, headTeacherId: 99999 });
    assert.equal(missing.status, 400);
    assert.deepEqual(paths(missing.body), ["headTeacherId"]);

    const list = await t.admin.get("/api/v1/students?limit=0&status=bogus&campusId=x");
    assert.equal(list.status, 400);
    assert.deepEqual(paths(list.body), ["campusId", "limit", "status"]);
    assert.equal((await t.admin.get("/api/v1/students/abc")).status, 400);
    const badStatus = await t.admin.post(`/api/v1/students/1/status`, { status: "graduated" });
    assert.equal(badStatus.status, 400);
    assert.deepEqual(paths(badStatus.body), ["status"]);
  });

  it("answers 403 to roles that may not write, and outside the actor's campus", async () => {
    const campusA = makeCampus(t.database.db);
    const campusB = makeCampus(t.database.db);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusA.id] });
    const asTeacher = await t.asStaff(teacher.id);
    assert.equal((await asTeacher.post("/api/v1/students", { name: "王五", campusId: campusA.id })).status, 403);

    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campusA.id] });
    const asPrincipal = await t.asStaff(principal.id);
    const other = await asPrincipal.post("/api/v1/students", { name: "王五", campusId: campusB.id });
    assert.equal(other.status, 403);
    assert.equal(other.body.error.code, "FORBIDDEN");
    assert.equal((await asPrincipal.post("/api/v1/students", { name: "王五", campusId: campusA.id })).status, 201);

    // A student the principal sees may not be moved to a campus they do not belong to.
    const mine = makeStudent(t.database.db, { campusId: campusA.id });
    assert.equal((await asPrincipal.patch(`/api/v1/students/${mine.id}`, { campusId: campusB.id })).status, 403);

    // A teacher sees their enrolled student but may not change it.
    const course = makeCourse(t.database.db);
    const klass = makeClass(t.database.db, { courseId: course.id, campusId: campusA.id, teacherId: teacher.id });
    enroll(t.database.db, klass.id, mine.id);
    assert.equal((await asTeacher.get(`/api/v1/students/${mine.id}`)).status, 200);
    assert.equal((await asTeacher.patch(`/api/v1/students/${mine.id}`, { notes: "x" })).status, 403);
    assert.equal((await asTeacher.post(`/api/v1/students/${mine.id}/status`, { status: "suspended" })).status, 403);

    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campusA.id] });
    const asFinance = await t.asStaff(finance.id);
    assert.equal((await asFinance.patch(`/api/v1/students/${mine.id}`, { notes: "x" })).status, 403);
  });

  it("answers 404 for a student outside the actor's scope, exactly like a missing one", async () => {
    const campus = makeCampus(t.database.db);
    const advisorA = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const advisorB = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const theirs = makeStudent(t.database.db, { campusId: campus.id, advisorId: advisorB.id });
    const asA = await t.asStaff(advisorA.id);
    for (const res of [
      await asA.get(`/api/v1/students/${theirs.id}`),
      await asA.patch(`/api/v1/students/${theirs.id}`, { notes: "偷看" }),
      await asA.post(`/api/v1/students/${theirs.id}/status`, { status: "suspended" }),
      await asA.get(`/api/v1/students/${theirs.id}/status-history`),
      await asA.get("/api/v1/students/999999"),
    ]) {
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, "NOT_FOUND");
    }
    const list = await asA.get(`/api/v1/students?campusId=${campus.id}`);
    assert.deepEqual(ids(list.body), []);
  });

  it("answers 409 for a stale version and for a move the lifecycle does not allow", async () => {
    const campus = makeCampus(t.database.db);
    const created = await t.admin.post("/api/v1/students", { name: "赵六", campusId: campus.id });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const first = await t.admin.patch(`/api/v1/students/${id}`, { school: "实验小学", version: 1 });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    const staleWrite = await t.admin.patch(`/api/v1/students/${id}`, { school: "旧学校", version: 1 });
    assert.equal(staleWrite.status, 409);
    assert.equal(staleWrite.body.error.code, "STALE");
    assert.equal(staleWrite.body.error.details.currentVersion, 2);

    const bad = await t.admin.post(`/api/v1/students/${id}/status`, { status: "suspended" });
    assert.equal(bad.status, 409);
    assert.equal(bad.body.error.code, "PRECONDITION_FAILED");
    assert.equal(bad.body.error.details.from, "lead");
    assert.equal(bad.body.error.details.to, "suspended");
    assert.match(bad.body.error.message, /潜在学员.*休学/);
    const same = await t.admin.post(`/api/v1/students/${id}/status`, { status: "lead" });
    assert.equal(same.status, 409);
    const staleStatus = await t.admin.post(`/api/v1/students/${id}/status`, { status: "trial", version: 1 });
    assert.equal(staleStatus.status, 409);
    assert.equal(staleStatus.body.error.code, "STALE");
  });

  it("creates a student with tags and its first status row, patches it and walks the lifecycle", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const head = makeStaff(t.database.db, { roles: ["head_teacher"], campusIds: [campus.id] });
    const res = await t.admin.post("/api/v1/students", {
      name: "  钱小七 ",
      gender: "female",
      birthday: "2015-06-01",
      school: "实验小学",
      grade: "四年级",
      campusId: campus.id,
      advisorId: advisor.id,
      headTeacherId: head.id,
      sourceChannel: "地推",
      tags: ["数学", "冲刺", "数学"],
      notes: "周末有空",
      status: "trial",
    });
    assert.equal(res.status, 201);
    const s = res.body;
    assert.equal(s.name, "钱小七");
    // The names of who looks after the student come with the detail: a teacher may not read staff.
    assert.equal(s.advisorName, advisor.name);
    assert.equal(s.headTeacherName, head.name);
    assert.deepEqual(s.tags, ["冲刺", "数学"]);
    assert.equal(s.status, "trial");
    assert.equal(s.statusChangedAt, T0);
    assert.deepEqual(s.guardians, []);
    assert.equal(s.version, 1);

    const history = await t.admin.get(`/api/v1/students/${s.id}/status-history`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.items.map((h: { fromStatus: string | null; toStatus: string }) => [h.fromStatus, h.toStatus]),
      [[null, "trial"]],
    );

    const patched = await t.admin.patch(`/api/v1/students/${s.id}`, { tags: ["英语"], birthday: null, headTeacherId: null });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.tags, ["英语"]);
    assert.equal(patched.body.birthday, null);
    assert.equal(patched.body.headTeacherId, null);
    assert.equal(patched.body.status, "trial");

    t.clock.advance(60_000);
    const enrolled = await t.admin.post(`/api/v1/students/${s.id}/status`, { status: "enrolled", reason: "已报名" });
    assert.equal(enrolled.status, 200);
    assert.equal(enrolled.body.status, "enrolled");
    assert.equal(enrolled.body.statusChangedAt, T0 + 60_000);
    t.clock.advance(60_000);
    assert.equal((await t.admin.post(`/api/v1/students/${s.id}/status`, { status: "suspended", reason: "出国" })).status, 200);
    t.clock.set(T0);

    const after = await t.admin.get(`/api/v1/students/${s.id}/status-history`);
    assert.deepEqual(
      after.body.items.map((h: { fromStatus: string | null; toStatus: string; reason: string }) => [h.fromStatus, h.toStatus, h.reason]),
      [
        ["enrolled", "suspended", "出国"],
        ["trial", "enrolled", "已报名"],
        [null, "trial", "新建学员"],
      ],
    );
    assert.equal(after.body.items[0].actorLabel, "管理员接口", "shown as a person would write it");
    const rows = t.database.db.select().from(studentStatusChanges).where(eq(studentStatusChanges.studentId, s.id)).all();
    assert.equal(rows.length, 3);
  });

  it("makes an advisor who creates a lead its advisor, so they keep seeing it", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const asAdvisor = await t.asStaff(advisor.id);
    const res = await asAdvisor.post("/api/v1/students", { name: "孙八", campusId: campus.id });
    assert.equal(res.status, 201);
    assert.equal(res.body.advisorId, advisor.id);
    assert.equal(res.body.status, "lead");
    assert.equal((await asAdvisor.get(`/api/v1/students/${res.body.id}`)).status, 200);
  });

  it("filters the list and pages it newest first", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"] });
    const head = makeStaff(t.database.db, { roles: ["head_teacher"] });
    const a = makeStudent(t.database.db, { campusId: campus.id, name: "周一", status: "lead", advisorId: advisor.id });
    const b = makeStudent(t.database.db, { campusId: campus.id, name: "周二", status: "trial", headTeacherId: head.id });
    const c = makeStudent(t.database.db, { campusId: campus.id, name: "吴三", status: "lead" });
    await t.admin.patch(`/api/v1/students/${b.id}`, { tags: ["vip"] });
    makeGuardian(t.database.db, c.id, { mobile: "13712345678" });

    const all = await t.admin.get(`/api/v1/students?campusId=${campus.id}`);
    assert.deepEqual(ids(all.body), [c.id, b.id, a.id]);
    assert.equal(all.body.nextCursor, null);
    assert.deepEqual(all.body.items[1].tags, ["vip"]);

    const page1 = await t.admin.get(`/api/v1/students?campusId=${campus.id}&limit=2`);
    assert.deepEqual(ids(page1.body), [c.id, b.id]);
    assert.notEqual(page1.body.nextCursor, null, "the cursor is opaque: it says where the next page starts");
    const page2 = await t.admin.get(`/api/v1/students?campusId=${campus.id}&limit=2&cursor=${page1.body.nextCursor}`);
    assert.deepEqual(ids(page2.body), [a.id]);
    assert.equal(page2.body.nextCursor, null);

    const q = (query: string) => t.admin.get(`/api/v1/students?campusId=${campus.id}&${query}`).then((r) => ids(r.body));
    assert.deepEqual(await q("status=lead"), [c.id, a.id]);
    assert.deepEqual(await q(`advisorId=${advisor.id}`), [a.id]);
    assert.deepEqual(await q(`headTeacherId=${head.id}`), [b.id]);
    assert.deepEqual(await q("tag=vip"), [b.id]);
    assert.deepEqual(await q(`q=${encodeURIComponent("周")}`), [b.id, a.id]);
    assert.deepEqual(await q(`q=${encodeURIComponent("周二")}`), [b.id]);
    assert.deepEqual(await q(`q=${encodeURIComponent("周三")}`), []);
    assert.deepEqual(await q("q=1371"), [], "a mobile prefix matches nothing (mobileSearch.test.ts)");
    assert.deepEqual(await q("q=13712345678"), [c.id]);
    assert.deepEqual(await q("q=13812345678"), []);
  });

  it("answers SQL metacharacters in q with 200 and nothing special", async () => {
    const campus = makeCampus(t.database.db);
    const odd = makeStudent(t.database.db, { campusId: campus.id, name: "100%_学员'--" });
    makeStudent(t.database.db, { campusId: campus.id, name: "普通学员" });
    for (const q of ["%", "_", "'", "--", "' OR 1=1 --", "%'; DROP TABLE students; --", "\\", "\"", "*"]) {
      const res = await t.admin.get(`/api/v1/students?campusId=${campus.id}&q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, q);
      assert.deepEqual(ids(res.body), [], q);
    }
    const exact = await t.admin.get(`/api/v1/students?campusId=${campus.id}&q=${encodeURIComponent("100%_")}`);
    assert.deepEqual(ids(exact.body), [odd.id]);
    assert.equal((await t.admin.get("/api/v1/students?limit=1")).status, 200);
  });

  it("shows a teacher only the students actively enrolled in their classes", async () => {
    const campus = makeCampus(t.database.db);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campus.id] });
    const otherTeacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campus.id] });
    const course = makeCourse(t.database.db);
    const mine = makeClass(t.database.db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
    const theirs = makeClass(t.database.db, { courseId: course.id, campusId: campus.id, teacherId: otherTeacher.id });
    const active = makeStudent(t.database.db, { campusId: campus.id });
    const suspended = makeStudent(t.database.db, { campusId: campus.id });
    const elsewhere = makeStudent(t.database.db, { campusId: campus.id });
    makeStudent(t.database.db, { campusId: campus.id });
    enroll(t.database.db, mine.id, active.id);
    const e = enroll(t.database.db, mine.id, suspended.id);
    t.database.db.update(enrollments).set({ status: "suspended" }).where(eq(enrollments.id, e.id)).run();
    enroll(t.database.db, theirs.id, elsewhere.id);

    const asTeacher = await t.asStaff(teacher.id);
    const list = await asTeacher.get("/api/v1/students");
    assert.equal(list.status, 200);
    assert.deepEqual(ids(list.body), [active.id]);
    assert.equal((await asTeacher.get(`/api/v1/students/${suspended.id}`)).status, 404);
    assert.equal((await asTeacher.get(`/api/v1/students/${elsewhere.id}`)).status, 404);
  });

  it("shows a principal their campuses and a head teacher their students", async () => {
    const campusA = makeCampus(t.database.db);
    const campusB = makeCampus(t.database.db);
    const campusC = makeCampus(t.database.db);
    const head = makeStaff(t.database.db, { roles: ["head_teacher"], campusIds: [campusA.id] });
    const inA = makeStudent(t.database.db, { campusId: campusA.id, headTeacherId: head.id });
    const inB = makeStudent(t.database.db, { campusId: campusB.id });
    const inC = makeStudent(t.database.db, { campusId: campusC.id, headTeacherId: head.id });
    makeStudent(t.database.db, { campusId: campusA.id });

    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campusA.id, campusB.id] });
    const asPrincipal = await t.asStaff(principal.id);
    const seen = ids((await asPrincipal.get("/api/v1/students?limit=100")).body);
    assert.ok(seen.includes(inA.id) && seen.includes(inB.id));
    assert.ok(!seen.includes(inC.id));
    assert.equal((await asPrincipal.get(`/api/v1/students/${inC.id}`)).status, 404);
    assert.deepEqual(ids((await asPrincipal.get(`/api/v1/students?campusId=${campusC.id}`)).body), []);

    const asHead = await t.asStaff(head.id);
    assert.deepEqual(ids((await asHead.get("/api/v1/students")).body), [inC.id, inA.id]);
  });

  it("lists the tags of the students the caller may see, most used first, for the list's filter", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const asAdvisor = await t.asStaff(advisor.id);
    const mine = async (tags: string[]) =>
      (await t.admin.post("/api/v1/students", { name: "标签生", campusId: campus.id, advisorId: advisor.id, tags })).body.id as number;
    await mine(["冲刺班", "续费意向高"]);
    await mine(["续费意向高"]);
    await t.admin.post("/api/v1/students", { name: "别人的", campusId: campus.id, tags: ["只有别人有的标签"] });
    const res = await asAdvisor.get("/api/v1/student-tags");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items, [
      { tag: "续费意向高", students: 2 },
      { tag: "冲刺班", students: 1 },
    ]);
    assert.equal((await t.anonymous.get("/api/v1/student-tags")).status, 401);
  });

  it("does not let digits search guardians' mobiles for someone who may not see them", async () => {
    const campus = makeCampus(t.database.db);
    const student = makeStudent(t.database.db, { campusId: campus.id });
    makeGuardian(t.database.db, student.id, { mobile: "13698765432" });
    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campus.id] });
    const asFinance = await t.asStaff(finance.id);
    assert.equal((await asFinance.get(`/api/v1/students/${student.id}`)).status, 200);
    assert.deepEqual(ids((await asFinance.get("/api/v1/students?q=13698765432")).body), []);
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campus.id] });
    const asPrincipal = await t.asStaff(principal.id);
    assert.deepEqual(ids((await asPrincipal.get("/api/v1/students?q=13698765432")).body), [student.id]);
  });
  it("finds students by pinyin initials and full-pinyin prefix, any case, within the caller's scope", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const other = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const asAdvisor = await t.asStaff(advisor.id);
    const created = await asAdvisor.post("/api/v1/students", { name: "张三", campusId: campus.id });
    assert.equal(created.status, 201);
    const zhang = created.body.id as number;
    const zeng = makeStudent(t.database.db, { campusId: campus.id, name: "曾小明", advisorId: advisor.id });
    const tom = makeStudent(t.database.db, { campusId: campus.id, name: "Tom李", advisorId: advisor.id });
    const theirs = makeStudent(t.database.db, { campusId: campus.id, name: "张山", advisorId: other.id });

    const q = (client: typeof asAdvisor, query: string) =>
      client.get(`/api/v1/students?campusId=${campus.id}&q=${encodeURIComponent(query)}`).then((r) => {
        assert.equal(r.status, 200, query);
        return ids(r.body);
      });
    assert.deepEqual(await q(asAdvisor, "zs"), [zhang]);
    assert.deepEqual(await q(asAdvisor, "zhangs"), [zhang]);
    assert.deepEqual(await q(asAdvisor, "ZhangSan"), [zhang]);
    assert.deepEqual(await q(asAdvisor, "zhang san"), [zhang]);
    assert.deepEqual(await q(asAdvisor, "z"), [zeng.id, zhang], "initials z: 张三 and 曾小明 (a surname read as zeng)");
    assert.deepEqual(await q(asAdvisor, "zengx"), [zeng.id]);
    assert.deepEqual(await q(asAdvisor, "zxm"), [zeng.id]);
    assert.deepEqual(await q(asAdvisor, "Tom"), [tom.id], "an English name by its own prefix");
    assert.deepEqual(await q(asAdvisor, "tomli"), [tom.id]);
    assert.deepEqual(await q(asAdvisor, "zsx"), []);
    assert.deepEqual(await q(asAdvisor, "张"), [zhang]);
    assert.deepEqual(await q(t.admin, "zs"), [theirs.id, zhang], "the admin sees both 张三 and 张山");

    const renamed = await asAdvisor.patch(`/api/v1/students/${zhang}`, { name: "李四" });
    assert.equal(renamed.status, 200);
    assert.deepEqual(await q(asAdvisor, "zs"), []);
    assert.deepEqual(await q(asAdvisor, "lis"), [zhang]);
  });

  it("answers 400 naming q when it is too long", async () => {
    const res = await t.admin.get(`/api/v1/students?q=${"z".repeat(51)}`);
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res.body), ["q"]);
  });
});
