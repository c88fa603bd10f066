// The make-up page's API (补课安排) over real HTTP: who may read it, which lessons it offers (same
// course, the student's campus, not begun, a free seat, no clash with the student's other lessons),
// arranging through the assign API, and giving a lesson up (学员放弃补课) with a reason.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { auditLog, approvalTimeline } from "../../server/db/schema";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeRoom, makeStaff, makeStudent } from "../helpers/factories";
import { T0, type TestApp, startTestApp } from "../helpers/testApp";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-09 18:00 Asia/Shanghai, the Monday after T0. */
const MON_18 = T0 + 7 * DAY + 9 * HOUR;

type Candidate = { lessonId: number; className: string; teacherName: string; roomName: string | null; seatsLeft: number; text: string };
type LessonRow = { lessonId: number; state: string; stateText: string; candidates: Candidate[]; makeup: { lessonId: number; text: string } | null; givenUp: { reason: string; by: string } | null };

describe("make-up page API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /**
   * A campus with the student's class (3 weekly lessons from 3月9日), a second class of the course
   * with a room, a full class of the course, a class of another course, and a class of the course in
   * another campus; the leave (approved) covers the first two weekly lessons.
   */
  async function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const elsewhere = makeCampus(db);
    const course = makeCourse(db, { hoursPerLesson: 200, leavePolicy: "no_deduct" });
    const otherCourse = makeCourse(db, { hoursPerLesson: 200 });
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "李老师" });
    const second = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "周老师" });
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campus.id], name: "教务乙" });
    const farAcademic = makeStaff(db, { roles: ["academic"], campusIds: [elsewhere.id] });
    const farTeacher = makeStaff(db, { roles: ["teacher"], campusIds: [elsewhere.id] });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id] });
    const desk = makeStaff(db, { roles: ["service"], campusIds: [campus.id] });
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
    const room = makeRoom(db, { campusId: campus.id, name: "201 教室" });
    const otherClass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: second.id, name: "数学周三班" });
    const fullClass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: second.id, capacity: 1, name: "数学满员班" });
    const otherCourseClass = makeClass(db, { courseId: otherCourse.id, campusId: campus.id, teacherId: second.id });
    const farClass = makeClass(db, { courseId: course.id, campusId: elsewhere.id, teacherId: farTeacher.id });
    const student = makeStudent(db, { campusId: campus.id, name: "向可", advisorId: advisor.id });
    const classmate = makeStudent(db, { campusId: campus.id, name: "同学" });
    enroll(db, klass.id, student.id);
    enroll(db, fullClass.id, classmate.id);
    const weekly = [0, 1, 2].map((w) => makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: MON_18 + w * 7 * DAY }));
    const lessons = {
      past: makeLesson(db, { classId: otherClass.id, teacherId: second.id, startsAt: T0 - 2 * DAY }),
      wednesday: makeLesson(db, { classId: otherClass.id, teacherId: second.id, roomId: room.id, startsAt: MON_18 + 2 * DAY }),
      clash: makeLesson(db, { classId: otherClass.id, teacherId: second.id, startsAt: MON_18 + 14 * DAY + HOUR }),
      later: makeLesson(db, { classId: otherClass.id, teacherId: second.id, startsAt: MON_18 + 9 * DAY }),
      cancelled: makeLesson(db, { classId: otherClass.id, teacherId: second.id, startsAt: MON_18 + 3 * DAY, status: "cancelled" }),
      full: makeLesson(db, { classId: fullClass.id, teacherId: second.id, startsAt: MON_18 + 4 * DAY }),
      otherCourse: makeLesson(db, { classId: otherCourseClass.id, teacherId: second.id, startsAt: MON_18 + 5 * DAY }),
      far: makeLesson(db, { classId: farClass.id, teacherId: farTeacher.id, startsAt: MON_18 + 6 * DAY }),
    };
    creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: 1000, key: `g-${student.id}`, reason: "赠", refType: "manual", expiresAt: null });

    const asDesk = await t.asStaff(desk.id);
    const started = await asDesk.post("/api/v1/leave-requests", { studentId: student.id, lessonIds: [weekly[0]?.id, weekly[1]?.id], kind: "personal", reason: "家里有事" });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const instanceId = started.body.id as number;
    const asTeacher = await t.asStaff(teacher.id);
    const decided = await asTeacher.post(`/api/v1/approval-tasks/${started.body.steps[0].tasks[0].id}/decision`, { decision: "approve" });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const [l1, l2] = weekly;
    assert.ok(l1 && l2);
    return { campus, academic, farAcademic, advisor, desk, student, weekly, l1, l2, lessons, instanceId, room };
  }

  const page = (instanceId: number) => `/api/v1/leave-requests/${instanceId}/makeup`;
  const lessonOf = (body: { lessons: LessonRow[] }, id: number) => {
    const row = body.lessons.find((l) => l.lessonId === id);
    assert.ok(row, `leave lesson ${id} is on the page`);
    return row;
  };

  it("answers 401, 403 without attendance rights, 404 outside the campus or for a missing leave", async () => {
    const w = await world();
    assert.equal((await t.anonymous.get(page(w.instanceId))).status, 401);
    assert.equal((await t.anonymous.post(`${page(w.instanceId)}/give-up`, { leaveLessonId: w.l1.id, reason: "x" })).status, 401);
    const advisor = await t.asStaff(w.advisor.id);
    assert.equal((await advisor.get(page(w.instanceId))).status, 403);
    assert.equal((await advisor.post(`${page(w.instanceId)}/give-up`, { leaveLessonId: w.l1.id, reason: "不补了" })).status, 403);
    const far = await t.asStaff(w.farAcademic.id);
    assert.equal((await far.get(page(w.instanceId))).status, 404);
    assert.equal((await far.post(`${page(w.instanceId)}/give-up`, { leaveLessonId: w.l1.id, reason: "不补了" })).status, 404);
    const academic = await t.asStaff(w.academic.id);
    assert.equal((await academic.get(page(999999))).status, 404);
  });

  it("shows the leave lessons and, for each, only lessons of the course in the campus, to come, with a seat and no clash", async () => {
    const w = await world();
    const academic = await t.asStaff(w.academic.id);
    const res = await academic.get(page(w.instanceId));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.student.name, "向可");
    assert.equal(res.body.kindLabel, "事假");
    assert.deepEqual(res.body.progress, { arranged: 0, givenUp: 0, notNeeded: 0, remaining: 2, total: 2, done: false });
    const first = lessonOf(res.body, w.l1.id);
    assert.equal(first.state, "pending");
    assert.equal(first.stateText, "待安排");
    // Not the past one, the cancelled one, the full class, another course, another campus, nor the
    // lesson at the time of the student's own 3月23日 lesson; soonest first.
    assert.deepEqual(first.candidates.map((c) => c.lessonId), [w.lessons.wednesday.id, w.lessons.later.id]);
    const [wednesday] = first.candidates;
    assert.deepEqual(
      { className: wednesday?.className, teacherName: wednesday?.teacherName, roomName: wednesday?.roomName, seatsLeft: wednesday?.seatsLeft, text: wednesday?.text },
      { className: "数学周三班", teacherName: "周老师", roomName: "201 教室", seatsLeft: 20, text: "3月11日 周三 18:00" },
    );
    assert.deepEqual(lessonOf(res.body, w.l2.id).candidates.map((c) => c.lessonId), [w.lessons.wednesday.id, w.lessons.later.id]);
  });

  it("arranging through the assign API counts down, takes the seat, and the lesson leaves the other's candidates", async () => {
    const w = await world();
    const academic = await t.asStaff(w.academic.id);
    const assigned = await academic.post(`/api/v1/leave-requests/${w.instanceId}/makeups`, { leaveLessonId: w.l1.id, makeupLessonId: w.lessons.wednesday.id });
    assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
    assert.equal(assigned.body.remaining, 1);
    const res = await academic.get(page(w.instanceId));
    assert.deepEqual(res.body.progress, { arranged: 1, givenUp: 0, notNeeded: 0, remaining: 1, total: 2, done: false });
    const first = lessonOf(res.body, w.l1.id);
    assert.equal(first.state, "arranged");
    assert.equal(first.makeup?.lessonId, w.lessons.wednesday.id);
    assert.equal(first.makeup?.text, "3月11日 周三 18:00");
    assert.deepEqual(first.candidates, []);
    assert.deepEqual(lessonOf(res.body, w.l2.id).candidates.map((c) => c.lessonId), [w.lessons.later.id], "the student is already in the Wednesday lesson");

    // The assign API refuses what the page would not offer: a full class, a clash.
    const full = await academic.post(`/api/v1/leave-requests/${w.instanceId}/makeups`, { leaveLessonId: w.l2.id, makeupLessonId: w.lessons.full.id });
    assert.equal(full.status, 409);
    assert.equal(full.body.error.details.reason, "class_full");
    const clash = await academic.post(`/api/v1/leave-requests/${w.instanceId}/makeups`, { leaveLessonId: w.l2.id, makeupLessonId: w.lessons.clash.id });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.details.reason, "time_conflict");
    assert.match(clash.body.error.message, /时间冲突/);
  });

  it("giving up needs a reason (400 naming the field); refuses an arranged lesson and arranging a given-up one; a retry is a no-op", async () => {
    const w = await world();
    const academic = await t.asStaff(w.academic.id);
    const giveUp = (body: unknown) => academic.post(`${page(w.instanceId)}/give-up`, body);

    const missing = await giveUp({ leaveLessonId: w.l2.id });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error.details.fields.map((f: { path: string }) => f.path), ["reason"]);
    const blank = await giveUp({ leaveLessonId: w.l2.id, reason: "   " });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.error.details.fields[0].message, "请填写学员放弃补课的原因");
    const long = await giveUp({ leaveLessonId: w.l2.id, reason: "很".repeat(201) });
    assert.equal(long.status, 400);
    assert.equal(long.body.error.details.fields[0].path, "reason");
    const notLeave = await giveUp({ leaveLessonId: w.lessons.later.id, reason: "不补了" });
    assert.equal(notLeave.status, 404);

    const given = await giveUp({ leaveLessonId: w.l2.id, reason: "  家长说这节不补了  " });
    assert.equal(given.status, 200, JSON.stringify(given.body));
    assert.equal(given.body.reason, "家长说这节不补了");
    assert.equal(given.body.by, "教务乙");
    assert.equal(given.body.remaining, 1);
    const again = await giveUp({ leaveLessonId: w.l2.id, reason: "别的原因" });
    assert.equal(again.status, 200);
    assert.equal(again.body.reason, "家长说这节不补了", "the first record stands");
    const arrangeGivenUp = await academic.post(`/api/v1/leave-requests/${w.instanceId}/makeups`, { leaveLessonId: w.l2.id, makeupLessonId: w.lessons.later.id });
    assert.equal(arrangeGivenUp.status, 409);
    assert.equal(arrangeGivenUp.body.error.details.reason, "makeup_given_up");

    const assigned = await academic.post(`/api/v1/leave-requests/${w.instanceId}/makeups`, { leaveLessonId: w.l1.id, makeupLessonId: w.lessons.wednesday.id });
    assert.equal(assigned.status, 201);
    assert.equal(assigned.body.remaining, 0);
    const giveUpArranged = await giveUp({ leaveLessonId: w.l1.id, reason: "不补了" });
    assert.equal(giveUpArranged.status, 409);

    const res = await academic.get(page(w.instanceId));
    assert.deepEqual(res.body.progress, { arranged: 1, givenUp: 1, notNeeded: 0, remaining: 0, total: 2, done: true });
    const second = lessonOf(res.body, w.l2.id);
    assert.equal(second.state, "given_up");
    assert.equal(second.stateText, "已放弃");
    assert.deepEqual(second.givenUp && { reason: second.givenUp.reason, by: second.givenUp.by }, { reason: "家长说这节不补了", by: "教务乙" });

    const db = t.database.db;
    const audits = db.select().from(auditLog).where(eq(auditLog.entityId, w.instanceId)).all().filter((a) => a.action === "leave.makeup_given_up");
    assert.equal(audits.length, 1, "audited once");
    const lines = db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, w.instanceId)).all().filter((r) => (r.comment ?? "").startsWith("学员放弃补课"));
    assert.deepEqual(lines.map((r) => r.comment), ["学员放弃补课：3月16日 周一 18:00，原因：家长说这节不补了"]);
  });
});
