import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, asc, eq } from "drizzle-orm";
import { businessDate } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import {
  ATTENDANCE_STATUSES,
  BILLING_MODES,
  COURSE_TYPES,
  ORDER_STATUSES,
  ROLES,
  approvalInstances,
  approvalStepRuns,
  approvalTasks,
  attendance,
  classes,
  courses,
  enrollments,
  installments,
  lessons,
  ledgerOps,
  orders,
  staff,
  staffRoles,
  STUDENT_STATUSES,
  studentGuardians,
  guardians,
  students,
  todos,
} from "../../server/db/schema";
import { rollCallProgress } from "../../server/domain/attendance/rollCallProgress";
import { isEmptyInstitution, seedDemo, type DemoSummary } from "../../server/demo/seedDemo";
import { GRADES } from "../../server/demo/schoolGrades";
import { reconcile } from "../../server/domain/reports/reconcile";
import { serveTestApp, T0, type TestApp } from "../helpers/testApp";
import { testDb } from "../helpers/testDb";

const DAY = 24 * 3600 * 1000;
type Db = TestApp["database"]["db"];

/** What a screenshot or a test would see of the institution. */
function fingerprint(db: Db) {
  return {
    students: db.select({ name: students.name, status: students.status, campusId: students.campusId, birthday: students.birthday, grade: students.grade }).from(students).orderBy(asc(students.id)).all(),
    orders: db.select({ status: orders.status, payable: orders.payableFen, paid: orders.paidFen, at: orders.createdAt }).from(orders).orderBy(asc(orders.id)).all(),
    ops: db.select({ kind: ledgerOps.kind, hours: ledgerOps.hours, fen: ledgerOps.fen, at: ledgerOps.at }).from(ledgerOps).orderBy(asc(ledgerOps.id)).all(),
  };
}

/** Full years between two YYYY-MM-DD dates, counted as a parent would. */
function age(birthday: string, today: string): number {
  const [by = 0, bm = 0, bd = 0] = birthday.split("-").map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The grades a course is for, read from its name as a parent would. */
function gradesOfCourse(name: string): [number, number] {
  if (name.startsWith("小学")) return [1, 6];
  if (name.startsWith("初中")) return [7, 9];
  if (name.startsWith("高中")) return [10, 12];
  if (name.startsWith("少儿")) return [1, 6];
  return [1, 12];
}

describe("demo institution", () => {
  let app: TestApp;
  let summary: DemoSummary;
  let db: Db;
  const today = businessDate(T0, "Asia/Shanghai");
  before(async () => {
    app = await serveTestApp({ database: openMigratedDatabase(":memory:") });
    db = app.database.db;
    assert.equal(isEmptyInstitution(app.ctx), true);
    summary = seedDemo(app.ctx);
  });
  after(() => app.close());

  it("is believable, covers every role, course kind and order status, and balances", () => {
    assert.equal(summary.campuses, 2);
    assert.ok(summary.staff >= 15 && summary.staff <= 20);
    assert.equal(summary.courses, 6);
    assert.equal(summary.students, 120);
    assert.deepEqual(new Set(db.select().from(staffRoles).all().map((r) => r.role)), new Set(ROLES));
    const courseRows = db.select().from(courses).all();
    assert.deepEqual(new Set(courseRows.map((c) => c.type)), new Set(COURSE_TYPES));
    assert.deepEqual(new Set(courseRows.map((c) => c.billing)), new Set(BILLING_MODES));
    assert.deepEqual(new Set(db.select().from(students).all().map((s) => s.status)), new Set(STUDENT_STATUSES));
    assert.deepEqual(new Set(db.select().from(orders).all().map((o) => o.status)), new Set(ORDER_STATUSES));
    assert.ok(db.select().from(installments).all().some((i) => i.seq === 2), "some orders are paid in installments");
    assert.ok(db.select().from(orders).all().some((o) => o.note === "续费"), "some families renewed when the hours ran out");
    assert.ok(db.select().from(studentGuardians).all().length >= 120);
    assert.ok(db.select().from(students).all().every((s) => /^[\u4e00-\u9fa5]{2,3}$/.test(s.name)), "Chinese names");
    assert.ok(
      db.select().from(students).all().every((s) => s.nameInitials?.length === Array.from(s.name).length && (s.namePinyin ?? "").startsWith(s.nameInitials.charAt(0))),
      "every name searchable by pinyin initials and full pinyin",
    );
    const kinds = new Set(db.select().from(ledgerOps).all().map((o) => o.kind));
    for (const k of ["purchase", "gift", "attendance", "absence", "correction", "refund", "transfer_out", "expiry"]) assert.ok(kinds.has(k as never), `ledger has ${k}`);
    const rows = db.select().from(attendance).all();
    assert.ok(rows.length > 500, "months of lessons taken");
    assert.deepEqual(new Set(rows.map((a) => a.status)), new Set(ATTENDANCE_STATUSES));
    assert.ok(db.select().from(ledgerOps).all().filter((o) => o.kind === "attendance").every((o) => o.refType === "attendance"), "every lesson deduction comes from an attendance row");
    const upcoming = db.select().from(lessons).all().filter((l) => l.startsAt > T0 && l.startsAt < T0 + 7 * DAY);
    assert.ok(upcoming.length >= 10, "a week of lessons ahead");
    assert.ok(db.select().from(ledgerOps).all().every((o) => o.at <= T0), "nothing happens after today");
    assert.deepEqual(reconcile({ ctx: app.ctx }).discrepancies, []);
    assert.equal(isEmptyInstitution(app.ctx), false);
  });

  it("gives every student an age that fits their grade and a school of that stage", () => {
    const all = db.select().from(students).all();
    for (const s of all) {
      const grade = (GRADES as readonly string[]).indexOf(s.grade) + 1;
      assert.ok(grade >= 1, `${s.name} has a grade (${s.grade})`);
      assert.ok(s.birthday, `${s.name} has a birthday`);
      const years = age(s.birthday ?? "", today);
      // a child starts 一年级 the September after turning six: 6–7 in 一年级 … 17–18 in 高三
      assert.ok(years === grade + 5 || years === grade + 6, `${s.name}: ${s.grade} at ${years}`);
      assert.equal(s.school.includes("小学"), grade <= 6, `${s.name}: ${s.grade} at ${s.school}`);
    }
    assert.ok(all.some((s) => s.grade === "一年级") && all.some((s) => s.grade.startsWith("高")), "from 小学 to 高中");
  });

  it("puts students only in courses for their grade", () => {
    const rows = db
      .select({ name: students.name, grade: students.grade, course: courses.name })
      .from(enrollments)
      .innerJoin(students, eq(students.id, enrollments.studentId))
      .innerJoin(classes, eq(classes.id, enrollments.classId))
      .innerJoin(courses, eq(courses.id, classes.courseId))
      .all();
    assert.ok(rows.length > 50);
    for (const r of rows) {
      const grade = (GRADES as readonly string[]).indexOf(r.grade) + 1;
      const [lowest, highest] = gradesOfCourse(r.course);
      assert.ok(grade >= lowest && grade <= highest, `${r.name} (${r.grade}) in ${r.course}`);
    }
  });

  it("gives a student one 妈妈 and one 爸爸 at most, the 爸爸 with the child's family name", () => {
    const links = db
      .select({ studentId: studentGuardians.studentId, relation: studentGuardians.relation, isPrimary: studentGuardians.isPrimary, guardian: guardians.name, student: students.name })
      .from(studentGuardians)
      .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
      .innerJoin(students, eq(students.id, studentGuardians.studentId))
      .all();
    const byStudent = new Map<number, typeof links>();
    for (const l of links) byStudent.set(l.studentId, [...(byStudent.get(l.studentId) ?? []), l]);
    assert.equal(byStudent.size, 120);
    for (const [, list] of byStudent) {
      assert.ok(list.filter((l) => l.relation === "father").length <= 1, `${list[0]?.student}: one 爸爸`);
      assert.ok(list.filter((l) => l.relation === "mother").length <= 1, `${list[0]?.student}: one 妈妈`);
      assert.equal(list.filter((l) => l.isPrimary).length, 1, `${list[0]?.student}: one primary guardian`);
      for (const dad of list.filter((l) => l.relation === "father")) assert.equal(dad.guardian.charAt(0), dad.student.charAt(0), `${dad.student}'s 爸爸 ${dad.guardian}`);
    }
  });

  it("runs camps in the winter or summer holidays and lessons of 45, 60, 90 or 120 minutes", () => {
    const camps = db
      .select({ klass: classes })
      .from(classes)
      .innerJoin(courses, eq(courses.id, classes.courseId))
      .where(eq(courses.type, "camp"))
      .all()
      .map((r) => r.klass);
    assert.ok(camps.length > 0);
    const holidayMonth = (date: string) => ["01", "02", "07", "08"].includes(date.slice(5, 7));
    for (const k of camps) {
      assert.ok(holidayMonth(k.startDate) && holidayMonth(k.endDate), `${k.name}: ${k.startDate} – ${k.endDate}`);
      assert.match(k.name, /寒假|暑期/);
      for (const l of db.select().from(lessons).where(eq(lessons.classId, k.id)).all()) assert.ok(holidayMonth(businessDate(l.startsAt, "Asia/Shanghai")));
    }
    const minutes = new Set(db.select().from(lessons).all().map((l) => (l.endsAt - l.startsAt) / 60_000));
    assert.ok([...minutes].every((m) => [45, 60, 90, 120].includes(m)), `durations ${[...minutes].join(", ")}`);
  });

  it("has the roll taken for every past lesson but the two most recent ones, left for academic affairs", () => {
    const past = db.select().from(lessons).all().filter((l) => l.status === "scheduled" && l.endsAt <= T0);
    const progress = rollCallProgress(app.ctx, past);
    const unmarked = past.filter((l) => {
      const p = progress.get(l.id);
      return p !== undefined && p.students > 0 && p.marked < p.students;
    });
    assert.equal(unmarked.length, 2, JSON.stringify(unmarked.map((l) => [l.id, businessDate(l.startsAt, "Asia/Shanghai")])));
    assert.ok(unmarked.every((l) => l.endsAt > T0 - 7 * DAY && (progress.get(l.id)?.marked ?? -1) === 0), "recent lessons nobody marked");
    const byTeacher = db.select().from(attendance).all().filter((a) => a.channel === "roll_call");
    const teachers = new Set(db.select({ id: staff.id }).from(staff).innerJoin(staffRoles, eq(staffRoles.staffId, staff.id)).where(eq(staffRoles.role, "teacher")).all().map((r) => r.id));
    assert.ok(byTeacher.length > 300 && byTeacher.every((a) => a.actorKind === "staff" && teachers.has(a.actorId ?? 0)), "the teachers took the roll");
  });

  it("gives every role work on 工作台: lessons 未点名, a make-up with lessons to offer, follow-ups due", async () => {
    const staffList = (await app.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as { id: number; name: string; roles: string[] }[];
    const homeOf = async (name: string) => {
      const person = staffList.find((s) => s.name === name);
      assert.ok(person, name);
      const res = await (await app.asStaff(person.id)).get("/api/v1/home");
      assert.equal(res.status, 200);
      return JSON.stringify(res.body.work);
    };
    assert.match(await homeOf("韩梅"), /"total":[1-9]/, "客服 has follow-ups due");
    const academic = await homeOf("吴磊");
    assert.match(academic, /未点名|unmarked/i);
    const leave = db.select().from(approvalInstances).where(eq(approvalInstances.type, "leave")).all().filter((i) => i.status === "approved").at(-1);
    assert.ok(leave);
    const wu = staffList.find((s) => s.name === "吴磊");
    const makeup = await (await app.asStaff(wu?.id ?? 0)).get(`/api/v1/leave-requests/${leave.id}/makeup`);
    assert.equal(makeup.status, 200, JSON.stringify(makeup.body));
    assert.ok(JSON.stringify(makeup.body).includes("周五班"), "the waiting make-up can be arranged in the parallel class");
  });

  it("starts the inboxes with a leave to approve, a refund at its second step and a make-up to arrange", async () => {
    const instances = db.select().from(approvalInstances).all();
    const leave = instances.find((i) => i.type === "leave" && i.status === "pending");
    const refund = instances.find((i) => i.type === "refund" && i.status === "pending");
    const approvedLeave = instances.find((i) => i.type === "leave" && i.status === "approved");
    assert.ok(leave && refund && approvedLeave, JSON.stringify(instances.map((i) => [i.type, i.status])));
    const runs = db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, refund.id)).orderBy(asc(approvalStepRuns.id)).all();
    assert.deepEqual(runs.map((r) => r.status), ["approved", "active"], "the head teacher approved, the second step waits");
    const waiting = (instanceId: number) =>
      db.select().from(approvalTasks).where(and(eq(approvalTasks.instanceId, instanceId), eq(approvalTasks.status, "pending"))).all().map((t) => t.approverStaffId);
    const makeups = db.select().from(todos).where(and(eq(todos.refType, "leave_makeup"), eq(todos.refId, String(approvedLeave.id)), eq(todos.status, "open"))).all();
    assert.ok(makeups.length > 0, "academic affairs has the make-up to arrange");

    // after start the dispatcher delivers them: each is in its people's sandbox inbox
    for (;;) {
      const batch = await app.runtime.dispatcher.runOnce();
      if (batch.claimed === 0) break;
    }
    const nameOf = (studentId: number) => db.select().from(students).where(eq(students.id, studentId)).get()?.name ?? "";
    const inbox = async (staffId: number) => (await app.anonymous.get(`/sandbox/staff/${staffId}`)).body as string;
    for (const [instance, people] of [
      [leave, waiting(leave.id)],
      [refund, waiting(refund.id)],
      [approvedLeave, makeups.map((t) => t.staffId)],
    ] as const) {
      assert.ok(people.length > 0);
      for (const staffId of people) assert.ok((await inbox(staffId)).includes(nameOf(instance.studentId ?? 0)), `${instance.type} #${instance.id} in the inbox of #${staffId}`);
    }
    const index = (await app.anonymous.get("/sandbox")).body as string;
    assert.ok(index.length > 0);
    const home = await app.anonymous.get("/");
    assert.match(home.body, /href="\/sandbox"/, "the home page leads to the inboxes");
  });

  it("lists 在读 students first", async () => {
    const res = await app.admin.get("/api/v1/students?limit=100");
    assert.equal(res.status, 200);
    const statuses = (res.body.items as { status: string }[]).map((s) => s.status);
    const firstOther = statuses.findIndex((s) => s !== "enrolled");
    assert.ok(firstOther > 20, "a page of 在读 students leads");
    assert.ok(statuses.slice(firstOther).every((s) => s !== "enrolled"), "then the rest");
  });

  it("is the same institution every time (seeded random, injected clock)", () => {
    const again = testDb();
    seedDemo(again.ctx);
    assert.deepEqual(fingerprint(again.db), fingerprint(db));
    again.close();
  });
});
