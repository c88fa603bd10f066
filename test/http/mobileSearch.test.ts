// Masked mobiles cannot be rebuilt through the student search (issue 14, point 2): digits match a
// guardian's mobile only as the whole number, or as its last four digits together with a name, and
// every student found that way is audited (`guardian.mobile.search`), like a reveal.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditLog } from "../../server/db/schema";
import { makeCampus, makeGuardian, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp, type TestClient } from "../helpers/testApp";

const MOBILE = "18861232397";

describe("student search by a guardian's mobile", () => {
  let t: TestApp;
  let asAdvisor: TestClient;
  let studentId: number;
  let guardianId: number;
  let campusId: number;
  const searchAudits = () =>
    t.database.db.select().from(auditLog).where(eq(auditLog.action, "guardian.mobile.search")).all();
  const find = async (client: TestClient, q: string) => {
    const res = await client.get(`/api/v1/students?campusId=${campusId}&q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200, q);
    return (res.body.items as { id: number }[]).map((s) => s.id);
  };

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    campusId = makeCampus(db).id;
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campusId] });
    const student = makeStudent(db, { campusId, name: "王小红", advisorId: advisor.id });
    studentId = student.id;
    guardianId = makeGuardian(db, student.id, { mobile: MOBILE }).id;
    // a neighbour number, to show that a near miss finds nothing
    makeGuardian(db, makeStudent(db, { campusId, name: "王小明", advisorId: advisor.id }).id, { mobile: "18861232398" });
    asAdvisor = await t.asStaff(advisor.id);
    const shown = await asAdvisor.get(`/api/v1/students/${studentId}`);
    assert.equal(shown.body.guardians[0].mobile, "188****2397", "the list and detail show the number masked");
  });
  after(() => t.close());

  it("finds nothing for any prefix, middle run or the last four digits alone, and audits nothing", async () => {
    for (let k = 1; k < MOBILE.length; k++) assert.deepEqual(await find(asAdvisor, MOBILE.slice(0, k)), [], `prefix ${MOBILE.slice(0, k)}`);
    // the digit-by-digit rebuild: from the masked 188****2397, try each next digit; none ever narrows
    let known = "188";
    for (let step = 0; step < 4; step++) {
      const hits: string[] = [];
      for (let d = 0; d <= 9; d++) if ((await find(asAdvisor, `${known}${d}`)).length > 0) hits.push(`${known}${d}`);
      assert.deepEqual(hits, [], `step ${step + 1}`);
      known += MOBILE[3 + step];
    }
    for (const q of ["2397", "61232397", "1882397", "188****2397", "8861232397", "188612323970"]) {
      assert.deepEqual(await find(asAdvisor, q), [], q);
    }
    assert.equal(searchAudits().length, 0);
  });

  it("finds the student by the whole number, however written, and audits each find like a reveal", async () => {
    for (const q of [MOBILE, "188-6123-2397", "+86 188 6123 2397"]) assert.deepEqual(await find(asAdvisor, q), [studentId], q);
    const rows = searchAudits();
    assert.equal(rows.length, 3);
    assert.deepEqual(
      rows.map((r) => ({ entityType: r.entityType, entityId: r.entityId, studentId: r.studentId, campusId: r.campusId, details: JSON.parse(r.details) })),
      Array(3).fill({ entityType: "guardian", entityId: guardianId, studentId, campusId, details: { studentId, match: "full" } }),
    );
    assert.ok(rows.every((r) => !r.details.includes("2397")), "the number typed is not copied into the log");
  });

  it("finds the student by a name with the last four digits, and not by a wrong four", async () => {
    const before = searchAudits().length;
    for (const q of ["王小红 2397", "王小红2397", "王 2397", "wxh 2397"]) assert.deepEqual(await find(asAdvisor, q), [studentId], q);
    assert.deepEqual(await find(asAdvisor, "王小红 2398"), []);
    assert.deepEqual(await find(asAdvisor, "李 2397"), []);
    const rows = t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "guardian.mobile.search"), eq(auditLog.entityId, guardianId)))
      .all()
      .slice(before);
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => JSON.parse(r.details).match === "last4"));
  });

  it("never matches mobiles for roles that may not see them, nor students outside the caller's scope", async () => {
    const before = searchAudits().length;
    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campusId] });
    const asFinance = await t.asStaff(finance.id);
    assert.deepEqual(await find(asFinance, MOBILE), []);
    assert.deepEqual(await find(asFinance, "王小红 2397"), []);
    const otherAdvisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campusId] });
    assert.deepEqual(await find(await t.asStaff(otherAdvisor.id), MOBILE), []);
    assert.equal(searchAudits().length, before, "nothing found, nothing audited");
  });
});
