// Leave API: 401 → 400 → 403 → 404 → 409 → happy path (submit, approve, make-up, options, link), over real HTTP.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { lessons } from "../../server/db/schema";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeStaff, makeStudent } from "../helpers/factories";
import { T0, type TestApp } from "../helpers/testApp";
import { startTestApp } from "../helpers/testApp";

const HOUR = 3_600_000;
const MON_18 = T0 + 7 * 24 * HOUR + 9 * HOUR;

describe("leave API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { hoursPerLesson: 200, leavePolicy: "no_deduct" });
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "李老师" });
    const other = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campus.id] });
    const desk = makeStaff(db, { roles: ["service"], campusIds: [campus.id] });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id] });
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
    const otherClass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: other.id });
    const student = makeStudent(db, { campusId: campus.id, name: "王小明", advisorId: advisor.id });
    enroll(db, klass.id, student.id);
    const lesson = (classId: number, teacherId: number, startsAt: number) =>
      db.insert(lessons).values({ classId, teacherId, startsAt, endsAt: startsAt + 2 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 }).returning().get();
    const l1 = lesson(klass.id, teacher.id, MON_18);
    const l2 = lesson(klass.id, teacher.id, MON_18 + 7 * 24 * HOUR);
    const makeupLesson = lesson(otherClass.id, other.id, MON_18 + 2 * 24 * HOUR);
    creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: 1000, key: `g-${student.id}`, reason: "赠", refType: "manual", expiresAt: null });
    return { campus, course, teacher, other, academic, desk, advisor, klass, student, l1, l2, makeupLesson };
  }

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.post("/api/v1/leave-requests", { studentId: 1, lessonIds: [1], kind: "sick" })).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/students/1/leave-options")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students/1/leave-link", {})).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/leave-requests/1/makeups", { leaveLessonId: 1, makeupLessonId: 2 })).status, 401);
  });

  it("answers 400 naming the bad fields", async () => {
    const w = world();
    const desk = await t.asStaff(w.desk.id);
    const bad = await desk.post("/api/v1/leave-requests", { studentId: w.student.id, lessonIds: [], kind: "holiday", reason: "x".repeat(201) });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort(), ["kind", "lessonIds", "reason"]);
    const other = await desk.post("/api/v1/leave-requests", { studentId: w.student.id, lessonIds: [w.makeupLesson.id], kind: "sick" });
    assert.equal(other.status, 400);
    assert.match(other.body.error.details.fields[0].message, /不在该学员在读的班级中/);
  });

  it("answers 403 to a make-up by staff without attendance rights, 404 outside the scope", async () => {
    const w = world();
    const advisor = await t.asStaff(w.advisor.id);
    assert.equal((await advisor.post("/api/v1/leave-requests/1/makeups", { leaveLessonId: w.l1.id, makeupLessonId: w.makeupLesson.id })).status, 403);
    const stranger = await t.asStaff(w.other.id);
    assert.equal((await stranger.post("/api/v1/leave-requests", { studentId: w.student.id, lessonIds: [w.l1.id], kind: "sick" })).status, 404);
    assert.equal((await stranger.get(`/api/v1/students/${w.student.id}/leave-options`)).status, 404);
    assert.equal((await stranger.post(`/api/v1/students/${w.student.id}/leave-link`, {})).status, 404);
    const academic = await t.asStaff(w.academic.id);
    assert.equal((await academic.post("/api/v1/leave-requests/999999/makeups", { leaveLessonId: w.l1.id, makeupLessonId: w.makeupLesson.id })).status, 404);
  });

  it("submits, answers 409 for a lesson already asked for, approves, assigns the make-up", async () => {
    const w = world();
    const desk = await t.asStaff(w.desk.id);
    const options = await desk.get(`/api/v1/students/${w.student.id}/leave-options`);
    assert.equal(options.status, 200);
    assert.deepEqual(options.body.items.map((o: { lessonId: number }) => o.lessonId), [w.l1.id, w.l2.id]);
    assert.equal(options.body.items[0].text, "3月9日 周一 18:00");

    const started = await desk.post("/api/v1/leave-requests", { studentId: w.student.id, lessonIds: [w.l1.id], kind: "sick", reason: "发烧" });
    assert.equal(started.status, 201);
    assert.equal(started.body.status, "pending");
    const again = await desk.post("/api/v1/leave-requests", { studentId: w.student.id, lessonIds: [w.l1.id], kind: "sick" });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /另一个请假申请/);

    const teacher = await t.asStaff(w.teacher.id);
    const taskId = started.body.steps[0].tasks[0].id;
    const decided = await teacher.post(`/api/v1/approval-tasks/${taskId}/decision`, { decision: "approve" });
    assert.equal(decided.status, 200);

    const academic = await t.asStaff(w.academic.id);
    const makeup = await academic.post(`/api/v1/leave-requests/${started.body.id}/makeups`, { leaveLessonId: w.l1.id, makeupLessonId: w.makeupLesson.id });
    assert.equal(makeup.status, 201);
    assert.deepEqual(
      { leaveDeducted: makeup.body.leaveDeducted, makeupDeducted: makeup.body.makeupDeducted, balanceHours: makeup.body.balanceHours, remaining: makeup.body.remaining },
      { leaveDeducted: false, makeupDeducted: true, balanceHours: 800, remaining: 0 },
    );
    const dup = await academic.post(`/api/v1/leave-requests/${started.body.id}/makeups`, { leaveLessonId: w.l1.id, makeupLessonId: w.l2.id });
    assert.equal(dup.status, 409);

    const link = await desk.post(`/api/v1/students/${w.student.id}/leave-link`, {});
    assert.equal(link.status, 201);
    assert.match(link.body.url, /\/l\/xgl\.\d+\.0\.[0-9a-z]+\.[A-Za-z0-9_-]{16}$/);
  });
});
