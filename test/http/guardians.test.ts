// Guardians API: linking by mobile, one primary per student, masked mobiles everywhere, audited reveal.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditLog, guardians } from "../../server/db/schema";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

type GuardianJson = { id: number; name: string; mobile: string; isPrimary: boolean; canRevealMobile: boolean; relation: string };
const paths = (body: { error: { details: { fields: { path: string }[] } } }) =>
  body.error.details.fields.map((f) => f.path).sort();

describe("guardians API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const newStudent = () => makeStudent(t.database.db, { campusId: makeCampus(t.database.db).id });

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/students/1/guardians")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students/1/guardians", {})).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students/1/guardians/1/reveal-mobile")).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const student = newStudent();
    const res = await t.admin.post(`/api/v1/students/${student.id}/guardians`, {
      name: "",
      mobile: "12345",
      relation: "uncle",
      isPrimary: "yes",
    });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res.body), ["isPrimary", "mobile", "name", "relation"]);
    const patch = await t.admin.patch(`/api/v1/students/${student.id}/guardians/1`, { relation: "uncle" });
    assert.equal(patch.status, 400);
    assert.deepEqual(paths(patch.body), ["relation"]);
    const badId = await t.admin.post(`/api/v1/students/${student.id}/guardians/x/reveal-mobile`);
    assert.equal(badId.status, 400);
    assert.deepEqual(paths(badId.body), ["guardianId"]);
  });

  it("answers 403 to roles that may not write guardians or reveal mobiles", async () => {
    const campus = makeCampus(t.database.db);
    const student = makeStudent(t.database.db, { campusId: campus.id });
    const g = makeGuardian(t.database.db, student.id);
    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campus.id] });
    const asFinance = await t.asStaff(finance.id);
    assert.equal(
      (await asFinance.post(`/api/v1/students/${student.id}/guardians`, { name: "甲", mobile: "13511112222", relation: "father" })).status,
      403,
    );
    assert.equal((await asFinance.patch(`/api/v1/students/${student.id}/guardians/${g.id}`, { relation: "father" })).status, 403);
    assert.equal((await asFinance.delete(`/api/v1/students/${student.id}/guardians/${g.id}`)).status, 403);
    const reveal = await asFinance.post(`/api/v1/students/${student.id}/guardians/${g.id}/reveal-mobile`);
    assert.equal(reveal.status, 403);
    const audits = t.database.db.select().from(auditLog).where(eq(auditLog.entityId, g.id)).all();
    assert.equal(audits.filter((a) => a.action === "guardian.mobile.reveal").length, 0);
  });

  it("answers 404 for a student out of scope and for a guardian not linked to the student", async () => {
    const campus = makeCampus(t.database.db);
    const advisorA = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const advisorB = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const theirs = makeStudent(t.database.db, { campusId: campus.id, advisorId: advisorB.id });
    const mine = makeStudent(t.database.db, { campusId: campus.id, advisorId: advisorA.id });
    const g = makeGuardian(t.database.db, theirs.id);
    const asA = await t.asStaff(advisorA.id);
    assert.equal((await asA.get(`/api/v1/students/${theirs.id}/guardians`)).status, 404);
    assert.equal(
      (await asA.post(`/api/v1/students/${theirs.id}/guardians`, { name: "乙", mobile: "13511113333", relation: "mother" })).status,
      404,
    );
    assert.equal((await asA.post(`/api/v1/students/${theirs.id}/guardians/${g.id}/reveal-mobile`)).status, 404);
    // The guardian exists but is not linked to the advisor's own student.
    assert.equal((await asA.post(`/api/v1/students/${mine.id}/guardians/${g.id}/reveal-mobile`)).status, 404);
    assert.equal((await asA.patch(`/api/v1/students/${mine.id}/guardians/${g.id}`, { isPrimary: true })).status, 404);
    assert.equal((await asA.delete(`/api/v1/students/${mine.id}/guardians/${g.id}`)).status, 404);
  });

  it("answers 409 when the same person is linked twice (whatever the mobile's format)", async () => {
    const student = newStudent();
    const first = await t.admin.post(`/api/v1/students/${student.id}/guardians`, {
      name: "陈妈妈",
      mobile: "13900001111",
      relation: "mother",
    });
    assert.equal(first.status, 201);
    const again = await t.admin.post(`/api/v1/students/${student.id}/guardians`, {
      name: "陈妈妈",
      mobile: "+86 139-0000-1111",
      relation: "mother",
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "CONFLICT");
  });

  it("finds the guardian by mobile across students, keeps one primary, edits and unlinks", async () => {
    const brother = newStudent();
    const sister = newStudent();
    const dad = await t.admin.post(`/api/v1/students/${brother.id}/guardians`, {
      name: "刘爸爸",
      mobile: "137 0000 2222",
      relation: "father",
    });
    assert.equal(dad.status, 201);
    assert.equal(dad.body.mobile, "137****2222");
    assert.equal(dad.body.isPrimary, true, "a student's first guardian becomes primary");
    assert.equal(dad.body.canRevealMobile, true);

    const sameDad = await t.admin.post(`/api/v1/students/${sister.id}/guardians`, {
      name: "刘先生",
      mobile: "13700002222",
      relation: "father",
    });
    assert.equal(sameDad.status, 201);
    assert.equal(sameDad.body.id, dad.body.id, "one guardian, two students");
    assert.equal(sameDad.body.name, "刘爸爸");
    assert.equal(t.database.db.select().from(guardians).where(eq(guardians.mobile, "13700002222")).all().length, 1);

    const mom = await t.admin.post(`/api/v1/students/${brother.id}/guardians`, {
      name: "刘妈妈",
      mobile: "13700003333",
      relation: "mother",
      isPrimary: true,
    });
    assert.equal(mom.body.isPrimary, true);
    const list = await t.admin.get(`/api/v1/students/${brother.id}/guardians`);
    assert.deepEqual(
      list.body.items.map((g: GuardianJson) => [g.id, g.isPrimary]),
      [
        [mom.body.id, true],
        [dad.body.id, false],
      ],
    );

    const primaryAgain = await t.admin.patch(`/api/v1/students/${brother.id}/guardians/${dad.body.id}`, {
      isPrimary: true,
      relation: "guardian",
      name: "刘大伟",
    });
    assert.equal(primaryAgain.status, 200);
    assert.equal(primaryAgain.body.relation, "guardian");
    assert.equal(primaryAgain.body.name, "刘大伟");
    const detail = await t.admin.get(`/api/v1/students/${brother.id}`);
    assert.deepEqual(
      detail.body.guardians.map((g: GuardianJson) => [g.id, g.isPrimary, g.mobile]),
      [
        [dad.body.id, true, "137****2222"],
        [mom.body.id, false, "137****3333"],
      ],
    );
    // The sister's link is untouched (still primary for her).
    const sisterList = await t.admin.get(`/api/v1/students/${sister.id}/guardians`);
    assert.deepEqual(sisterList.body.items.map((g: GuardianJson) => [g.id, g.isPrimary, g.relation]), [[dad.body.id, true, "father"]]);

    const removed = await t.admin.delete(`/api/v1/students/${brother.id}/guardians/${mom.body.id}`);
    assert.equal(removed.status, 204);
    assert.deepEqual(
      (await t.admin.get(`/api/v1/students/${brother.id}/guardians`)).body.items.map((g: GuardianJson) => g.id),
      [dad.body.id],
    );
    assert.equal((await t.admin.delete(`/api/v1/students/${brother.id}/guardians/${mom.body.id}`)).status, 404);
  });

  it("masks mobiles for a teacher and for finance, with no reveal offered", async () => {
    const campus = makeCampus(t.database.db);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campus.id] });
    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campus.id] });
    const course = makeCourse(t.database.db);
    const klass = makeClass(t.database.db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
    const student = makeStudent(t.database.db, { campusId: campus.id });
    enroll(t.database.db, klass.id, student.id);
    makeGuardian(t.database.db, student.id, { mobile: "13812341234" });
    for (const staffId of [teacher.id, finance.id]) {
      const client = await t.asStaff(staffId);
      const detail = await client.get(`/api/v1/students/${student.id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.guardians[0].mobile, "138****1234");
      assert.equal(detail.body.guardians[0].canRevealMobile, false);
      const list = await client.get(`/api/v1/students/${student.id}/guardians`);
      assert.equal(list.body.items[0].mobile, "138****1234");
      assert.ok(!JSON.stringify(detail.body).includes("13812341234"));
      assert.ok(!JSON.stringify(list.body).includes("13812341234"));
    }
  });

  it("reveals the full mobile to a permitted role and audits it", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const student = makeStudent(t.database.db, { campusId: campus.id, advisorId: advisor.id });
    const g = makeGuardian(t.database.db, student.id, { mobile: "13655556666" });
    const asAdvisor = await t.asStaff(advisor.id);
    const detail = await asAdvisor.get(`/api/v1/students/${student.id}`);
    assert.equal(detail.body.guardians[0].mobile, "136****6666");
    assert.equal(detail.body.guardians[0].canRevealMobile, true);

    const res = await asAdvisor.post(`/api/v1/students/${student.id}/guardians/${g.id}/reveal-mobile`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { guardianId: g.id, mobile: "13655556666" });
    const rows = t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "guardian.mobile.reveal"), eq(auditLog.entityId, g.id)))
      .all();
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.ok(row);
    assert.equal(row.entityType, "guardian");
    assert.equal(row.actorKind, "staff");
    assert.equal(row.actorId, advisor.id);
    assert.equal(row.at, T0);
    assert.deepEqual(JSON.parse(row.details), { studentId: student.id });
    assert.ok(row.requestId);
  });
});
