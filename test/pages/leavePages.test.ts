// The guardian's leave page behind a signed link: lists the coming lessons, refuses bad links with a
// page (403 tampered, 410 expired, never a 500), and a double submit creates one request.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { approvalInstances, lessons } from "../../server/db/schema";
import { signLeaveLink } from "../../server/domain/leave/leaveLink";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeStaff, makeStudent, phoneClient } from "../helpers/factories";
import { T0, type TestApp } from "../helpers/testApp";
import { startTestApp } from "../helpers/testApp";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MON_18 = T0 + 7 * DAY + 9 * HOUR;

describe("guardian leave page", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  let n = 0;
  function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { name: `数学<提高>${++n}` });
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
    const student = makeStudent(db, { campusId: campus.id, name: "王小明" });
    const guardian = makeGuardian(db, student.id, { name: "王芳" });
    enroll(db, klass.id, student.id);
    const lesson = (startsAt: number) =>
      db.insert(lessons).values({ classId: klass.id, teacherId: teacher.id, startsAt, endsAt: startsAt + 2 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 }).returning().get();
    const l1 = lesson(MON_18);
    const l2 = lesson(MON_18 + 7 * DAY);
    const token = signLeaveLink(t.config.appSecret, { studentId: student.id, guardianId: guardian.id, expiresAt: T0 + 14 * DAY });
    return { student, guardian, l1, l2, token, teacher };
  }
  const form = (fields: [string, string][]) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

  it("renders the student's coming lessons for a good link, escaped", async () => {
    const w = world();
    const phone = phoneClient(t.baseUrl);
    const page = await phone.get(`/l/${w.token}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(page.text, /王小明 请假/);
    assert.match(page.text, new RegExp(`name="lessonIds" value="${w.l1.id}"`));
    assert.match(page.text, new RegExp(`name="lessonIds" value="${w.l2.id}"`));
    assert.match(page.text, /3月9日 周一 18:00/);
    assert.match(page.text, /数学&lt;提高&gt;/);
    assert.match(page.text, /name="requestKey" value="leave-link:\d+:/);
  });

  it("refuses a tampered link (403), an expired one (410) and garbage (403), as pages", async () => {
    const w = world();
    const phone = phoneClient(t.baseUrl);
    const tampered = w.token.replace(`xgl.${w.student.id}.`, `xgl.${w.student.id + 1}.`);
    const bad = await phone.get(`/l/${tampered}`);
    assert.equal(bad.status, 403);
    assert.match(bad.text, /请假链接无效/);
    assert.equal((await phone.get("/l/%3Cscript%3E")).status, 403);
    const old = signLeaveLink(t.config.appSecret, { studentId: w.student.id, guardianId: null, expiresAt: T0 - 1000 });
    const expired = await phone.get(`/l/${old}`);
    assert.equal(expired.status, 410);
    assert.match(expired.text, /请假链接已过期/);
    const posted = await phone.request(`/l/${tampered}`, form([["lessonIds", String(w.l1.id)], ["kind", "sick"]]));
    assert.equal(posted.status, 403);
  });

  it("a submit creates one pending request in the guardian's name; the same form again answers the same one", async () => {
    const w = world();
    const phone = phoneClient(t.baseUrl);
    const page = await phone.get(`/l/${w.token}`);
    const key = /name="requestKey" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const fields: [string, string][] = [["requestKey", key], ["lessonIds", String(w.l1.id)], ["lessonIds", String(w.l2.id)], ["kind", "sick"], ["reason", "发烧"]];
    const first = await phone.request(`/l/${w.token}`, form(fields));
    assert.equal(first.status, 303);
    const second = await phone.request(`/l/${w.token}`, form(fields));
    assert.equal(second.status, 303);
    assert.equal(second.location, first.location);
    const rows = t.database.db.select().from(approvalInstances).where(and(eq(approvalInstances.studentId, w.student.id), eq(approvalInstances.type, "leave"))).all();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, "pending");
    assert.equal(rows[0]?.requesterLabel, "家长（王芳）");
    assert.equal(rows[0]?.requesterStaffId, null);
    assert.deepEqual((rows[0]?.fields as { lessonIds: number[] }).lessonIds, [w.l1.id, w.l2.id]);
    const sent = await phone.get(first.location ?? "");
    assert.equal(sent.status, 200);
    assert.match(sent.text, /等待老师审批/);
    // The lessons now in a pending request are no longer offered.
    assert.match((await phone.get(`/l/${w.token}`)).text, /近期没有可以请假的课/);
  });

  it("shows the form again with the reason when nothing is chosen", async () => {
    const w = world();
    const phone = phoneClient(t.baseUrl);
    const res = await phone.request(`/l/${w.token}`, form([["kind", "sick"]]));
    assert.equal(res.status, 400);
    assert.match(res.text, /请至少选择一节课/);
    assert.match(res.text, new RegExp(`value="${w.l1.id}"`));
  });
});
