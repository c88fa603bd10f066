// GET /api/v1/home, the blocks of each role (`work`): academic affairs 未点名 and make-ups to arrange,
// finance 待打款 and overdue installments, the principal today's attendance and this week's approvals,
// customer service the follow-ups due, the admin dead letters and staff without a platform account —
// one block per role held, each within the person's campuses.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  approvalDefinitions,
  approvalInstances,
  attendance,
  followups,
  inboundEvents,
  installments,
  orders,
  outboxMessages,
  type AttendanceStatus,
} from "../../server/db/schema";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("home API: a block of work for each role", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A campus with a class (taught by a teacher) and two enrolled students, and another campus. */
  const school = () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const elsewhere = makeCampus(db);
    const course = makeCourse(db);
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id, name: "工作台一班" });
    const farClass = makeClass(db, { courseId: course.id, campusId: elsewhere.id, teacherId: teacher.id, name: "别的校区班" });
    const [a, b] = ["甲", "乙"].map((name) => makeStudent(db, { campusId: campus.id, name: `工作台${name}` }));
    assert.ok(a && b);
    enroll(db, klass.id, a.id);
    enroll(db, klass.id, b.id);
    const far = makeStudent(db, { campusId: elsewhere.id, name: "别的校区学员" });
    return { db, campus, elsewhere, course, teacher, klass, farClass, a, b, far };
  };

  const mark = (lessonId: number, studentId: number, status: AttendanceStatus, channel: "roll_call" | "auto" = "roll_call") =>
    t.database.db
      .insert(attendance)
      .values({ lessonId, studentId, status, channel, actorKind: channel === "auto" ? "system" : "staff", actorLabel: "测试", recordedAt: T0, createdAt: T0 })
      .run();

  let definitionId: number | undefined;
  const instance = (o: { type?: string; status?: "pending" | "approved" | "rejected" | "withdrawn"; campusId: number; studentId: number; fields?: unknown; at?: number }) => {
    const db = t.database.db;
    definitionId ??= db
      .insert(approvalDefinitions)
      .values({ key: "home-test", version: 1, name: "测试", definition: {}, createdAt: T0 })
      .returning()
      .get().id;
    const at = o.at ?? T0 - HOUR;
    return db
      .insert(approvalInstances)
      .values({
        type: o.type ?? "leave",
        definitionId,
        status: o.status ?? "approved",
        requesterLabel: "测试",
        campusId: o.campusId,
        studentId: o.studentId,
        fields: o.fields ?? {},
        decidedAt: o.status === "pending" ? null : at,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
  };

  it("answers nothing role-specific to a teacher, and only the blocks of the roles a person holds", async () => {
    const { db, campus } = school();
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    assert.deepEqual((await (await t.asStaff(teacher.id)).get("/api/v1/home")).body.work, {});
    const both = makeStaff(db, { roles: ["academic", "finance"], campusIds: [campus.id] });
    const res = await (await t.asStaff(both.id)).get("/api/v1/home");
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body.work).sort(), ["academic", "finance"]);
  });

  it("shows academic affairs the lessons that ended without a roll call by a person, in their campus, latest first", async () => {
    const { db, campus, teacher, klass, farClass, a } = school();
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campus.id] });
    const unmarked = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - DAY });
    const onlyAuto = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 2 * DAY });
    mark(onlyAuto.id, a.id, "absent", "auto");
    const marked = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 3 * DAY });
    mark(marked.id, a.id, "present");
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 4 * DAY, status: "cancelled" });
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - HOUR }); // still going on
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 20 * DAY }); // too long ago
    makeLesson(db, { classId: farClass.id, teacherId: teacher.id, startsAt: T0 - DAY });

    const res = await (await t.asStaff(academic.id)).get("/api/v1/home");
    assert.equal(res.status, 200);
    const block = res.body.work.academic.unmarkedLessons;
    assert.equal(block.total, 2);
    assert.deepEqual(
      block.items.map((l: { id: number; className: string; students: number; date: string }) => [l.id, l.className, l.students, l.date]),
      [
        [unmarked.id, "工作台一班", 2, "2026-03-01"],
        [onlyAuto.id, "工作台一班", 1, "2026-02-28"], // enrolments start on 03-01: only the student recorded
      ],
    );
  });

  it("lists at most five rows with the full count", async () => {
    const { db, campus, teacher, klass } = school();
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campus.id] });
    for (let i = 1; i <= 7; i++) makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - i * 3 * HOUR });
    const block = (await (await t.asStaff(academic.id)).get("/api/v1/home")).body.work.academic.unmarkedLessons;
    assert.equal(block.total, 7);
    assert.equal(block.items.length, 5);
  });

  it("shows academic affairs the approved leaves with lessons neither arranged nor given up", async () => {
    const { db, campus, elsewhere, a, b, far } = school();
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campus.id] });
    const waiting = instance({ campusId: campus.id, studentId: a.id, fields: { lessonIds: [11, 12], makeups: [{ leaveLessonId: 11, makeupLessonId: 20 }] }, at: T0 - 2 * DAY });
    const newer = instance({ campusId: campus.id, studentId: b.id, fields: { lessonIds: [13] }, at: T0 - DAY });
    instance({ campusId: campus.id, studentId: b.id, fields: { lessonIds: [14, 15], makeups: [{ leaveLessonId: 14, makeupLessonId: 21 }, { leaveLessonId: 15, givenUp: true, reason: "出差" }] } });
    instance({ campusId: campus.id, studentId: a.id, status: "pending", fields: { lessonIds: [16] } });
    instance({ campusId: campus.id, studentId: a.id, type: "refund", fields: { lessonIds: [17] } });
    instance({ campusId: campus.id, studentId: a.id, fields: { lessonIds: [18] }, at: T0 - 120 * DAY });
    instance({ campusId: elsewhere.id, studentId: far.id, fields: { lessonIds: [19] } });

    const block = (await (await t.asStaff(academic.id)).get("/api/v1/home")).body.work.academic.pendingMakeups;
    assert.deepEqual(block, {
      total: 2,
      items: [
        { instanceId: waiting.id, studentId: a.id, studentName: "工作台甲", lessons: 2, waiting: 1, approvedAt: T0 - 2 * DAY },
        { instanceId: newer.id, studentId: b.id, studentName: "工作台乙", lessons: 1, waiting: 1, approvedAt: T0 - DAY },
      ],
    });
  });

  it("shows finance the refunds waiting to be paid out and the orders with an installment past due", async () => {
    const { db, campus, elsewhere, a, b, far } = school();
    const finance = makeStaff(db, { roles: ["finance"], campusIds: [campus.id] });
    const order = (studentId: number, campusId: number, o: { paidFen: number; status?: "pending_payment" | "partially_paid" | "cancelled"; plan: [string, number][] }) => {
      const row = db
        .insert(orders)
        .values({
          studentId,
          campusId,
          status: o.status ?? "partially_paid",
          listPriceFen: 300_000,
          payableFen: 300_000,
          paidFen: o.paidFen,
          createdByLabel: "测试",
          createdAt: T0 - 60 * DAY,
          updatedAt: T0 - 60 * DAY,
        })
        .returning()
        .get();
      o.plan.forEach(([dueDate, amountFen], i) => db.insert(installments).values({ orderId: row.id, seq: i + 1, dueDate, amountFen }).run());
      return row;
    };
    const plan: [string, number][] = [
      ["2026-02-01", 100_000],
      ["2026-03-01", 100_000],
      ["2026-04-01", 100_000],
    ];
    const late = order(a.id, campus.id, { paidFen: 100_000, plan });
    order(b.id, campus.id, { paidFen: 200_000, plan }); // paid up to date
    order(b.id, campus.id, { paidFen: 0, status: "cancelled", plan });
    order(b.id, campus.id, { paidFen: 0, status: "pending_payment", plan: [["2026-03-02", 300_000]] }); // due today: not late yet
    const later = order(b.id, campus.id, { paidFen: 0, status: "pending_payment", plan: [["2026-02-20", 300_000]] });
    order(far.id, elsewhere.id, { paidFen: 0, status: "pending_payment", plan });

    const refund = (studentId: number, campusId: number, payoutStatus: "pending" | "paid", at: number) =>
      instance({ type: "refund", campusId, studentId, fields: { amountFen: 50_000, payoutStatus }, at });
    const pending = refund(a.id, campus.id, "pending", T0 - DAY);
    refund(a.id, campus.id, "paid", T0 - 2 * DAY);
    refund(far.id, elsewhere.id, "pending", T0 - 3 * DAY);

    const work = (await (await t.asStaff(finance.id)).get("/api/v1/home")).body.work.finance;
    assert.deepEqual(work.pendingPayouts, {
      total: 1,
      items: [{ instanceId: pending.id, studentId: a.id, studentName: "工作台甲", amountFen: 50_000, approvedAt: T0 - DAY }],
    });
    assert.deepEqual(work.overdueInstallments, {
      total: 2,
      items: [
        { orderId: later.id, studentId: b.id, studentName: "工作台乙", dueDate: "2026-02-20", overdueFen: 300_000, unpaidFen: 300_000 },
        { orderId: late.id, studentId: a.id, studentName: "工作台甲", dueDate: "2026-03-01", overdueFen: 100_000, unpaidFen: 200_000 },
      ],
    });
  });

  it("shows the principal today's attendance over the campus's lessons and this week's approvals by state", async () => {
    const { db, campus, elsewhere, teacher, klass, farClass, a, b, far } = school();
    const principal = makeStaff(db, { roles: ["principal"], campusIds: [campus.id] });
    const morning = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 2 * HOUR, endsAt: T0 - HOUR });
    mark(morning.id, a.id, "present");
    mark(morning.id, b.id, "late");
    const early = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - 8 * HOUR, endsAt: T0 - 7 * HOUR });
    mark(early.id, a.id, "absent", "auto");
    const evening = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + 8 * HOUR });
    mark(evening.id, b.id, "leave");
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + 2 * HOUR, status: "cancelled" });
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - DAY });
    const far1 = makeLesson(db, { classId: farClass.id, teacherId: teacher.id, startsAt: T0 - 2 * HOUR, endsAt: T0 - HOUR });
    mark(far1.id, far.id, "absent");

    instance({ campusId: campus.id, studentId: a.id, status: "pending", at: T0 - HOUR });
    instance({ campusId: campus.id, studentId: a.id, status: "approved", at: T0 - 30 * 60_000 });
    instance({ campusId: campus.id, studentId: b.id, status: "rejected", at: T0 - 60 * 60_000 });
    instance({ campusId: campus.id, studentId: b.id, status: "approved", at: T0 - 2 * DAY }); // last week (Saturday)
    instance({ campusId: elsewhere.id, studentId: far.id, status: "pending" });

    const work = (await (await t.asStaff(principal.id)).get("/api/v1/home")).body.work.principal;
    assert.deepEqual(work.todayAttendance, {
      lessons: 3,
      unmarked: 1,
      byStatus: { present: 1, late: 1, leave: 1, absent: 1, makeup: 0 },
    });
    assert.deepEqual(work.weekApprovals, { from: "2026-03-02", total: 3, byStatus: { pending: 1, approved: 1, rejected: 1, withdrawn: 0 } });
  });

  it("shows customer service the students whose latest follow-up planned the next one for today or earlier", async () => {
    const { db, campus, elsewhere, a, b, far } = school();
    const service = makeStaff(db, { roles: ["service"], campusIds: [campus.id] });
    const writer = makeStaff(db, { name: "跟进人", roles: ["advisor"], campusIds: [campus.id] });
    const c = makeStudent(db, { campusId: campus.id, name: "工作台丙" });
    const d = makeStudent(db, { campusId: campus.id, name: "工作台丁" });
    const followup = (studentId: number, at: number, nextFollowupDate: string | null) =>
      db.insert(followups).values({ studentId, staffId: writer.id, at, channel: "phone", content: `第 ${at} 次`, nextFollowupDate, createdAt: at }).returning().get();
    const dueA = followup(a.id, T0 - 3 * DAY, "2026-03-01");
    followup(b.id, T0 - 5 * DAY, "2026-02-25");
    followup(b.id, T0 - DAY, "2026-03-10"); // a newer one moved the plan on
    followup(c.id, T0 - 5 * DAY, "2026-02-25");
    followup(c.id, T0 - DAY, null); // a newer one with no plan
    const dueD = followup(d.id, T0 - 10 * DAY, "2026-03-02");
    followup(far.id, T0 - DAY, "2026-03-01");
    void elsewhere;

    const block = (await (await t.asStaff(service.id)).get("/api/v1/home")).body.work.service.followupsDue;
    assert.deepEqual(block, {
      total: 2,
      items: [
        { followupId: dueA.id, studentId: a.id, studentName: "工作台甲", nextFollowupDate: "2026-03-01", content: dueA.content, staffName: "跟进人" },
        { followupId: dueD.id, studentId: d.id, studentName: "工作台丁", nextFollowupDate: "2026-03-02", content: dueD.content, staffName: "跟进人" },
      ],
    });
  });

  it("shows the admin the dead letters and the active staff with no WeCom or DingTalk account", async () => {
    const db = t.database.db;
    const admin = makeStaff(db, { roles: ["admin"], wecomUserId: "home-admin" });
    const before = (await (await t.asStaff(admin.id)).get("/api/v1/home")).body.work.admin;
    const dead = (n: number) =>
      db
        .insert(outboxMessages)
        .values({ kind: "card.send", dedupeKey: `home-dead-${n}`, orderingKey: `home-dead-${n}`, payload: { deliveryId: 0 }, status: "dead", nextAttemptAt: T0, createdAt: T0, updatedAt: T0 })
        .run();
    dead(1);
    dead(2);
    const none = makeStaff(db, { name: "没账号", roles: ["teacher"] });
    makeStaff(db, { roles: ["teacher"], dingtalkUserId: "home-ding" });
    makeStaff(db, { roles: ["teacher"], status: "left" });

    const work = (await (await t.asStaff(admin.id)).get("/api/v1/home")).body.work.admin;
    assert.equal(work.deadLetters.total, before.deadLetters.total + 2);
    assert.equal(work.staffWithoutAccount.total, before.staffWithoutAccount.total + 1);
    const all = (await (await t.asStaff(admin.id)).get("/api/v1/home")).body.work.admin.staffWithoutAccount;
    assert.ok(all.items.length <= 5);
    assert.ok(
      all.total > 5 || all.items.some((s: { staffId: number; name: string }) => s.staffId === none.id && s.name === "没账号"),
      "the new person is listed (or the list is full)",
    );
  });

  it("shows the admin DingTalk clicks refused for their shape in the last week, with what the newest said", async () => {
    const db = t.database.db;
    const admin = makeStaff(db, { roles: ["admin"], wecomUserId: "home-admin-clicks" });
    assert.equal((await (await t.asStaff(admin.id)).get("/api/v1/home")).body.work.admin.refusedClicks, null, "none: no block");
    const refused = (n: number, at: number, detail: string) =>
      db
        .insert(inboundEvents)
        .values({ platform: "dingtalk", eventKey: `refused-${n}`, kind: "other", event: { kind: "other", type: "card_click_refused", payload: { reason: "missing_key", detail } }, status: "processed", receivedAt: at })
        .run();
    refused(1, T0 - 8 * DAY, "上周以前的");
    refused(2, T0 - DAY, "缺少 params.key（params 为 {}，按钮 id [\"action1\"]）");
    refused(3, T0 - 60_000, "按钮 id 应为 action1，收到\"btn_ok\"");
    const block = (await (await t.asStaff(admin.id)).get("/api/v1/home")).body.work.admin.refusedClicks;
    assert.deepEqual(block, { total: 2, latest: { detail: "按钮 id 应为 action1，收到\"btn_ok\"", receivedAt: T0 - 60_000 } });
  });

  it("gives a campus role with no campus nothing", async () => {
    const { db, teacher, klass } = school();
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 - DAY });
    const lonely = makeStaff(db, { roles: ["academic", "principal", "finance", "service"] });
    const work = (await (await t.asStaff(lonely.id)).get("/api/v1/home")).body.work;
    assert.equal(work.academic.unmarkedLessons.total, 0);
    assert.equal(work.academic.pendingMakeups.total, 0);
    assert.equal(work.principal.todayAttendance.lessons, 0);
    assert.equal(work.principal.weekApprovals.total, 0);
    assert.equal(work.finance.overdueInstallments.total, 0);
    assert.equal(work.service.followupsDue.total, 0);
  });
});
