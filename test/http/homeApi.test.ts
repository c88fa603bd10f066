// GET /api/v1/home: the mini-app's 工作台 for the signed-in staff member — pending approvals by type, the
// lessons they teach today with roll-call progress, and (advisors, head teachers) their students low on hours.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";
import { TEST_TYPE } from "../domain/workflow/testRequestType";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("home API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const gift = (studentId: number, courseId: number, hours: number, expiresAt: number | null = null) =>
    creditGift(t.ctx, { studentId, courseId, hours, key: `home:${studentId}:${courseId}:${hours}:${expiresAt}`, reason: "赠送", refType: "manual", expiresAt });

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/home")).status, 401);
  });

  it("shows a teacher today's own lessons in time order with roll-call progress, and nothing that is not theirs", async () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { hoursPerLesson: 100, name: "首页数学" });
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    const other = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id, name: "首页一班" });
    const [a, b] = ["甲同学", "乙同学"].map((name) => makeStudent(db, { campusId: campus.id, name }));
    assert.ok(a && b);
    for (const s of [a, b]) {
      enroll(db, klass.id, s.id);
      gift(s.id, course.id, 2000);
    }
    const afternoon = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + 5 * HOUR });
    const morning = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 2 * HOUR });
    const empty = makeLesson(db, { classId: makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id }).id, teacherId: teacher.id, startsAt: T0 + 9 * HOUR });
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + DAY });
    makeLesson(db, { classId: klass.id, teacherId: other.id, startsAt: T0 + HOUR });

    const asTeacher = await t.asStaff(teacher.id);
    const rollCall = await asTeacher.post(`/api/v1/lessons/${morning.id}/roll-call`, {
      entries: [
        { studentId: a.id, status: "present" },
        { studentId: b.id, status: "absent" },
      ],
    });
    assert.equal(rollCall.status, 200);
    assert.equal((await asTeacher.put(`/api/v1/lessons/${afternoon.id}/attendance/${a.id}`, { status: "late" })).status, 200);

    const res = await asTeacher.get("/api/v1/home");
    assert.equal(res.status, 200);
    assert.equal(res.body.date, "2026-03-02");
    assert.deepEqual(
      res.body.todayLessons.map((l: { id: number; className: string; startTime: string; rollCall: unknown }) => [l.id, l.startTime, l.rollCall]),
      [
        [morning.id, "07:00", { students: 2, marked: 2, automatic: 0, checkedIn: 1, done: true }],
        [afternoon.id, "14:00", { students: 2, marked: 1, automatic: 0, checkedIn: 1, done: false }],
        [empty.id, "18:00", { students: 0, marked: 0, automatic: 0, checkedIn: 0, done: false }],
      ],
    );
    assert.equal(res.body.todayLessons[0].className, "首页一班");
    assert.deepEqual(res.body.approvals, { pendingTotal: 0, byType: [] });
    assert.deepEqual(res.body.lowHours.items, [], "a teacher looks after no one's renewals");
    assert.equal(res.body.lowHours.total, 0);
  });

  it("counts the approval tasks waiting for me by request type, with zh-CN labels", async () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const head = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id] });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id] });
    const students = [1, 2, 3].map(() => makeStudent(db, { campusId: campus.id, headTeacherId: head.id, advisorId: advisor.id }));
    const asAdvisor = await t.asStaff(advisor.id);
    for (const s of students.slice(0, 2)) {
      const res = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 100 }, studentId: s.id });
      assert.equal(res.status, 201);
    }
    const suspension = await asAdvisor.post("/api/v1/suspension-requests", { studentId: students[2]?.id, fromDate: "2026-03-09", reason: "出国交流" });
    assert.equal(suspension.status, 201, JSON.stringify(suspension.body));

    const home = await (await t.asStaff(head.id)).get("/api/v1/home");
    assert.equal(home.status, 200);
    assert.deepEqual(home.body.approvals, {
      pendingTotal: 3,
      byType: [
        { type: TEST_TYPE, label: "报销", count: 2 },
        { type: "suspension", label: "休学", count: 1 },
      ],
    });
    assert.deepEqual((await asAdvisor.get("/api/v1/home")).body.approvals, { pendingTotal: 0, byType: [] }, "the requester has nothing to decide");
  });

  it("lists an advisor's own enrolled students at or below the threshold, fewest usable hours first, expired lots not counted", async () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { name: "首页英语" });
    const piano = makeCourse(db, { name: "首页钢琴" });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id] });
    const colleague = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id] });
    const mine = (name: string, o: { status?: "enrolled" | "lost" } = {}) => makeStudent(db, { campusId: campus.id, name, advisorId: advisor.id, ...o });
    const low = mine("少课时");
    const plenty = mine("多课时");
    const expiring = mine("过期多");
    const lost = mine("已流失", { status: "lost" });
    const theirs = makeStudent(db, { campusId: campus.id, name: "别人的", advisorId: colleague.id });
    gift(low.id, course.id, 300);
    gift(low.id, piano.id, 5000);
    gift(plenty.id, course.id, 1000);
    gift(expiring.id, course.id, 800, T0 - DAY);
    gift(expiring.id, course.id, 200, T0 + 10 * DAY);
    gift(lost.id, course.id, 100);
    gift(theirs.id, course.id, 100);

    const asAdvisor = await t.asStaff(advisor.id);
    const res = await asAdvisor.get("/api/v1/home");
    assert.equal(res.status, 200);
    assert.equal(res.body.lowHours.threshold, 400);
    assert.equal(res.body.lowHours.thresholdText, "4.00");
    assert.equal(res.body.lowHours.total, 2);
    assert.deepEqual(
      res.body.lowHours.items.map((i: { studentName: string; courseName: string; remainingHours: number; remainingHoursText: string; nextExpiresAt: number | null }) => [
        i.studentName,
        i.courseName,
        i.remainingHours,
        i.remainingHoursText,
        i.nextExpiresAt,
      ]),
      [
        ["过期多", "首页英语", 200, "2.00", T0 + 10 * DAY],
        ["少课时", "首页英语", 300, "3.00", null],
      ],
    );
    assert.deepEqual(res.body.todayLessons, []);

    const asColleague = await t.asStaff(colleague.id);
    assert.deepEqual(
      (await asColleague.get("/api/v1/home")).body.lowHours.items.map((i: { studentId: number }) => i.studentId),
      [theirs.id],
      "each advisor sees only their own students",
    );

    const lower = await t.admin.patch("/api/v1/settings", { lowHoursThreshold: 250 });
    assert.equal(lower.status, 200);
    assert.equal(lower.body.lowHoursThreshold, 250);
    assert.deepEqual(
      (await asAdvisor.get("/api/v1/home")).body.lowHours.items.map((i: { studentId: number }) => i.studentId),
      [expiring.id],
    );
    assert.equal((await t.admin.patch("/api/v1/settings", { lowHoursThreshold: 400 })).status, 200);
  });

  it("shows a head teacher the students they look after", async () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db);
    const head = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id] });
    const looked = makeStudent(db, { campusId: campus.id, headTeacherId: head.id });
    const other = makeStudent(db, { campusId: campus.id });
    gift(looked.id, course.id, 400);
    gift(other.id, course.id, 100);
    const res = await (await t.asStaff(head.id)).get("/api/v1/home");
    assert.deepEqual(res.body.lowHours.items.map((i: { studentId: number; remainingHours: number }) => [i.studentId, i.remainingHours]), [[looked.id, 400]]);
  });

  it("refuses a bad threshold naming the field", async () => {
    for (const value of [-1, 1.5, 10_001, "4"]) {
      const res = await t.admin.patch("/api/v1/settings", { lowHoursThreshold: value });
      assert.equal(res.status, 400, String(value));
      assert.deepEqual(res.body.error.details.fields.map((f: { path: string }) => f.path), ["lowHoursThreshold"]);
    }
  });

  it("answers an API token with empty parts (it is nobody's home)", async () => {
    const res = await t.admin.get("/api/v1/home");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.approvals, { pendingTotal: 0, byType: [] });
    assert.deepEqual(res.body.todayLessons, []);
    assert.deepEqual(res.body.lowHours.items, []);
  });
});
