// The reads behind the student's 360° profile in the mini-app: the merged timeline, the student's classes,
// hour accounts with usable hours and the next expiry, and the attendance of one month — each within the
// caller's data scope, with bad input answered 400 naming the field.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { attendance, enrollments, lessons, students } from "../../server/db/schema";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makePackage, makeStaff } from "../helpers/factories";
import { startTestApp, T0, type TestApp, type TestClient } from "../helpers/testApp";
import { TEST_TYPE } from "../domain/workflow/testRequestType";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const fields = (body: { error: { details: { fields: { path: string }[] } } }) => body.error.details.fields.map((f) => f.path).sort();

type Line = { at: number; kind: string; title: string; detail: string | null; ref: { type: string; id: number } | null };

describe("student profile API", () => {
  let t: TestApp;
  let studentId: number;
  let classId: number;
  let lessonId: number;
  let orderId: number;
  let approvalId: number;
  let asAdvisor: TestClient;
  let asTeacher: TestClient;
  let asStranger: TestClient;

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { name: "档案数学", hoursPerLesson: 200 });
    const pkg = makePackage(db, { courseId: course.id, hours: 2000, giftHours: 200, priceFen: 300000, validityDays: 180 });
    const advisor = makeStaff(db, { name: "顾问甲", roles: ["advisor"], campusIds: [campus.id] });
    const head = makeStaff(db, { name: "班主任乙", roles: ["head_teacher"], campusIds: [campus.id] });
    const teacher = makeStaff(db, { name: "老师丙", roles: ["teacher"], campusIds: [campus.id] });
    const stranger = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id] });
    asAdvisor = await t.asStaff(advisor.id);
    asTeacher = await t.asStaff(teacher.id);
    asStranger = await t.asStaff(stranger.id);

    const created = await t.admin.post("/api/v1/students", { name: "王小明", campusId: campus.id, advisorId: advisor.id, headTeacherId: head.id });
    assert.equal(created.status, 201);
    studentId = created.body.id;
    t.clock.set(T0 + HOUR);
    assert.equal((await asAdvisor.post(`/api/v1/students/${studentId}/followups`, { channel: "phone", content: "家长想了解春季班" })).status, 201);
    t.clock.set(T0 + 2 * HOUR);
    assert.equal((await t.admin.post(`/api/v1/students/${studentId}/status`, { status: "enrolled", reason: "报名春季班" })).status, 200);
    t.clock.set(T0 + 3 * HOUR);
    const order = await asAdvisor.post("/api/v1/orders", { studentId, items: [{ packageId: pkg.id }] });
    assert.equal(order.status, 201);
    orderId = order.body.id;
    t.clock.set(T0 + 4 * HOUR);
    assert.equal((await t.admin.post(`/api/v1/orders/${orderId}/payments`, { amountFen: 300000, method: "wechat", transactionNo: "wx-profile-1" })).status, 201);

    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id, name: "档案一班" });
    classId = klass.id;
    enroll(db, klass.id, studentId);
    lessonId = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + 5 * HOUR }).id;
    t.clock.set(T0 + 7 * HOUR);
    assert.equal((await asTeacher.put(`/api/v1/lessons/${lessonId}/attendance/${studentId}`, { status: "present" })).status, 200);
    t.clock.set(T0 + 8 * HOUR);
    const approval = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 100 }, studentId });
    assert.equal(approval.status, 201);
    approvalId = approval.body.id;
  });
  after(() => t.close());

  const timeline = async (client: TestClient, query = "") => {
    const res = await client.get(`/api/v1/students/${studentId}/timeline${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: Line[]; nextCursor: string | null };
  };

  it("answers 401 without a login", async () => {
    for (const path of ["timeline", "classes", "hour-accounts", "attendance?month=2026-03"]) {
      assert.equal((await t.anonymous.get(`/api/v1/students/${studentId}/${path}`)).status, 401, path);
    }
  });

  it("merges everything about the student into one timeline, newest first", async () => {
    const page = await timeline(t.admin, "?limit=100");
    assert.equal(page.nextCursor, null);
    assert.deepEqual(
      page.items.map((l) => [l.at - T0, l.kind, l.title]),
      [
        [8 * HOUR, "approval", "报销申请 · 审批中"],
        [7 * HOUR, "attendance", "出勤 · 档案一班"],
        [4 * HOUR, "ledger", "赠送课时 +2.00 课时 · 档案数学"],
        [4 * HOUR, "ledger", "购买课时 +20.00 课时 · 档案数学"],
        [4 * HOUR, "payment", "收款 ¥3,000.00 · 微信"],
        [3 * HOUR, "order", "新建订单 · 应付 ¥3,000.00"],
        [2 * HOUR, "status", "状态：潜在学员 → 在读"],
        [1 * HOUR, "followup", "跟进 · 电话"],
        [0, "status", "建档：潜在学员"],
      ],
      "the attendance deduction shows on the attendance line, not again as a ledger line",
    );
    const byKind = (kind: string) => page.items.find((l) => l.kind === kind);
    assert.deepEqual(byKind("attendance"), { at: T0 + 7 * HOUR, kind: "attendance", title: "出勤 · 档案一班", detail: "3月2日 14:00 上课，扣 2.00 课时", ref: { type: "lesson", id: lessonId } });
    assert.deepEqual(byKind("approval")?.ref, { type: "approval", id: approvalId });
    assert.deepEqual(byKind("payment")?.ref, { type: "order", id: orderId });
    assert.equal(byKind("followup")?.detail, "顾问甲：家长想了解春季班");
    assert.equal(byKind("order")?.detail, "已付款 · 顾问甲");
  });

  it("pages the timeline with its cursor without repeating or skipping a line", async () => {
    const whole = (await timeline(t.admin, "?limit=100")).items;
    const walked: Line[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Line[]; nextCursor: string | null } = await timeline(t.admin, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      assert.ok(page.items.length <= 2);
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(walked, whole);
  });

  it("leaves orders, payments and refunds out for someone who may not read orders", async () => {
    const kinds = new Set((await timeline(asTeacher, "?limit=100")).items.map((l) => l.kind));
    assert.deepEqual([...kinds].sort(), ["approval", "attendance", "followup", "ledger", "status"]);
  });

  it("answers 404 outside the caller's scope and 400 naming bad paging", async () => {
    assert.equal((await asStranger.get(`/api/v1/students/${studentId}/timeline`)).status, 404);
    assert.equal((await t.admin.get("/api/v1/students/999999/timeline")).status, 404);
    const bad = await t.admin.get(`/api/v1/students/${studentId}/timeline?limit=0&cursor=12`);
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad.body), ["cursor", "limit"]);
    const unknownKind = await t.admin.get(`/api/v1/students/${studentId}/timeline?cursor=1772413200000.payroll.1`);
    assert.deepEqual(fields(unknownKind.body), ["cursor"]);
    assert.deepEqual(fields((await t.admin.get("/api/v1/students/abc/timeline")).body), ["id"]);
  });

  it("lists the student's classes, active first, also to an advisor outside the class scope", async () => {
    const db = t.database.db;
    const campusId = db.select().from(students).where(eq(students.id, studentId)).get()?.campusId ?? 0;
    const old = makeClass(db, { courseId: makeCourse(db).id, campusId, teacherId: makeStaff(db).id, name: "旧班" });
    const e = enroll(db, old.id, studentId);
    db.update(enrollments).set({ status: "finished" }).where(eq(enrollments.id, e.id)).run();
    const res = await asAdvisor.get(`/api/v1/students/${studentId}/classes`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((c: { enrollmentStatus: string; fromDate: string; class: { id: number; name: string; teacherName: string } }) => [c.enrollmentStatus, c.fromDate, c.class.id, c.class.name]),
      [
        ["active", "2026-03-01", classId, "档案一班"],
        ["finished", "2026-03-01", old.id, "旧班"],
      ],
    );
    assert.equal(res.body.items[0].class.teacherName, "老师丙");
    assert.equal((await asAdvisor.get(`/api/v1/classes/${classId}`)).status, 404, "the class itself stays outside the advisor's class scope");
    assert.equal((await asStranger.get(`/api/v1/students/${studentId}/classes`)).status, 404);
    assert.deepEqual(fields((await t.admin.get("/api/v1/students/0/classes")).body), ["id"]);
  });

  it("shows each hour account's usable hours and next expiry beside the ledger balance", async () => {
    const db = t.database.db;
    const art = makeCourse(db, { name: "档案美术" });
    const gift = (hours: number, expiresAt: number | null) =>
      creditGift(t.ctx, { studentId, courseId: art.id, hours, key: `profile:${hours}`, reason: "活动赠送", refType: "manual", expiresAt });
    gift(100, T0);
    gift(300, T0 + 10 * DAY);
    gift(500, null);
    const res = await asAdvisor.get(`/api/v1/students/${studentId}/hour-accounts`);
    assert.equal(res.status, 200);
    const pick = (a: { courseName: string; balanceHours: number; usableHours: number; usableHoursText: string; nextExpiry: unknown }) => [a.courseName, a.balanceHours, a.usableHours, a.usableHoursText, a.nextExpiry];
    assert.deepEqual(res.body.items.map(pick), [
      ["档案数学", 2000, 2000, "20.00", { at: res.body.items[0].lots[0].expiresAt, hours: 2000, hoursText: "20.00" }],
      ["档案美术", 900, 800, "8.00", { at: T0 + 10 * DAY, hours: 300, hoursText: "3.00" }],
    ]);
    assert.equal((await asStranger.get(`/api/v1/students/${studentId}/hour-accounts`)).status, 404);
  });

  it("answers one month of attendance for the calendar, by the lessons' business dates", async () => {
    const db = t.database.db;
    const record = (startsAt: number, status: "leave" | "absent") => {
      const lesson = makeLesson(db, { classId, teacherId: db.select().from(lessons).where(eq(lessons.id, lessonId)).get()?.teacherId ?? 0, startsAt });
      db.insert(attendance).values({ lessonId: lesson.id, studentId, status, channel: "api", actorKind: "system", actorLabel: "测试", recordedAt: startsAt, createdAt: startsAt }).run();
      return lesson.id;
    };
    const february = record(Date.UTC(2026, 1, 28, 15, 30), "absent"); // 2月28日 23:30 in Shanghai
    const lastOfMarch = record(Date.UTC(2026, 2, 31, 15, 30), "leave"); // 3月31日 23:30
    const april = record(Date.UTC(2026, 2, 31, 16, 30), "absent"); // 4月1日 00:30
    const month = async (m: string) => {
      const res = await asAdvisor.get(`/api/v1/students/${studentId}/attendance?month=${m}`);
      assert.equal(res.status, 200);
      return res.body.items.map((i: { lessonId: number; date: string; startTime: string; status: string; statusLabel: string }) => [i.lessonId, i.date, i.startTime, i.status, i.statusLabel]);
    };
    assert.deepEqual(await month("2026-03"), [
      [lastOfMarch, "2026-03-31", "23:30", "leave", "请假"],
      [lessonId, "2026-03-02", "14:00", "present", "出勤"],
    ]);
    assert.deepEqual(await month("2026-02"), [[february, "2026-02-28", "23:30", "absent", "缺勤"]]);
    assert.deepEqual(await month("2026-04"), [[april, "2026-04-01", "00:30", "absent", "缺勤"]]);
    assert.deepEqual(await month("2025-12"), []);
    const all = await asAdvisor.get(`/api/v1/students/${studentId}/attendance?limit=2`);
    assert.equal(all.body.items.length, 2);
    assert.notEqual(all.body.nextCursor, null, "without a month it pages through everything");

    const bad = await asAdvisor.get(`/api/v1/students/${studentId}/attendance?month=2026-13&limit=101`);
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad.body), ["limit", "month"]);
    assert.equal((await asStranger.get(`/api/v1/students/${studentId}/attendance?month=2026-03`)).status, 404);
  });
});
