// Lessons API: generation from the weekly rule (holidays, idempotence, all-or-nothing), lessons added by
// hand, 调课 and 停课, and the conflict rules (teacher, room, student; half-open spans) with the
// conflicting lesson named. Walks 401 → 400 → 403 → 404 → 409 → happy paths.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { attendance, lessons } from "../../server/db/schema";
import {
  addSlot,
  enroll,
  makeCampus,
  makeClass,
  makeCourse,
  makeLesson,
  makeRoom,
  makeStaff,
  makeStudent,
} from "../helpers/factories";
import { startTestApp, T0, type TestApp, type TestClient } from "../helpers/testApp";

type Fields = { error: { details: { fields: { path: string }[] } } };
const paths = (body: Fields) => body.error.details.fields.map((f) => f.path).sort();
/** An instant in Asia/Shanghai (the test app's business time zone), written out independently of dayjs. */
const at = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
const HOUR = 3_600_000;

type Conflict = { lessonId: number | null; classId: number; className: string; startsAt: number; endsAt: number; reason: string; studentIds?: number[] };
type LessonJson = { id: number; classId: number; startsAt: number; endsAt: number; date: string; status: string; teacherId: number; roomId: number | null };

describe("lessons API", () => {
  let t: TestApp;
  let campusA: { id: number };
  let campusB: { id: number };
  let course: { id: number };
  let asAcademicA: TestClient;

  /** A class of campus A (unless said) with its own new teacher, so tests do not collide. */
  const newClass = (o: { name?: string; campusId?: number; roomId?: number | null; startDate?: string; endDate?: string } = {}) => {
    const db = t.database.db;
    const campusId = o.campusId ?? campusA.id;
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusId] });
    const cls = makeClass(db, {
      name: o.name ?? `班级-${teacher.id}`,
      courseId: course.id,
      campusId,
      teacherId: teacher.id,
      roomId: o.roomId ?? null,
      startDate: o.startDate ?? "2026-03-01",
      endDate: o.endDate ?? "2026-06-30",
    });
    return { cls, teacher };
  };
  const lessonsOf = (classId: number) =>
    t.database.db.select({ id: lessons.id, status: lessons.status }).from(lessons).where(eq(lessons.classId, classId)).all();

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    campusA = makeCampus(db);
    campusB = makeCampus(db);
    course = makeCourse(db);
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campusA.id] });
    asAcademicA = await t.asStaff(academic.id);
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/lessons")).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/lessons/1")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/classes/1/lessons/generate", {})).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/classes/1/lessons", { date: "2026-03-02", startTime: "10:00", durationMinutes: 60 })).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/lessons/1/reschedule", { date: "2026-03-02", startTime: "10:00", reason: "x" })).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/lessons/1/cancel", { reason: "x" })).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const { cls, teacher } = newClass();
    const gen = await t.admin.post(`/api/v1/classes/${cls.id}/lessons/generate`, { from: "2026-3-1", to: "2026-03-01" });
    assert.equal(gen.status, 400);
    assert.deepEqual(paths(gen.body), ["from"]);
    const backwards = await t.admin.post(`/api/v1/classes/${cls.id}/lessons/generate`, { from: "2026-04-01", to: "2026-03-01" });
    assert.deepEqual(paths(backwards.body), ["to"]);
    const noStart = await t.admin.post(`/api/v1/classes/${cls.id}/lessons`, { durationMinutes: 601 });
    assert.deepEqual(paths(noStart.body), ["date", "durationMinutes", "startTime"]);
    const both = await t.admin.post(`/api/v1/classes/${cls.id}/lessons`, { startsAt: at("2026-03-02", "10:00"), date: "2026-03-02", durationMinutes: 60 });
    assert.deepEqual(paths(both.body), ["startsAt"]);
    const notTeacher = await t.admin.post(`/api/v1/classes/${cls.id}/lessons`, {
      date: "2026-03-02",
      startTime: "10:00",
      durationMinutes: 60,
      teacherId: makeStaff(t.database.db, { roles: ["advisor"] }).id,
      roomId: makeRoom(t.database.db, { campusId: campusB.id }).id,
    });
    assert.deepEqual(paths(notTeacher.body), ["roomId", "teacherId"]);
    const lesson = makeLesson(t.database.db, { classId: cls.id, teacherId: teacher.id, startsAt: at("2026-03-02", "10:00") });
    const move = await t.admin.post(`/api/v1/lessons/${lesson.id}/reschedule`, { date: "2026-03-03", startTime: "24:00", durationMinutes: 0 });
    assert.deepEqual(paths(move.body), ["durationMinutes", "reason", "startTime"]);
    assert.deepEqual(paths((await t.admin.post(`/api/v1/lessons/${lesson.id}/cancel`, { reason: "  " })).body), ["reason"]);
    assert.deepEqual(paths((await t.admin.get("/api/v1/lessons?from=2026-03-10&to=2026-03-01")).body), ["to"]);
    assert.deepEqual(paths((await t.admin.get("/api/v1/lessons?classId=x&status=done")).body), ["classId", "status"]);
    assert.deepEqual(paths((await t.admin.get("/api/v1/lessons?from=2026-01-01&to=2026-06-01")).body), ["to"]);
  });

  it("answers 403 to a teacher scheduling, even for their own class", async () => {
    const { cls, teacher } = newClass();
    const asTeacher = await t.asStaff(teacher.id);
    const lesson = makeLesson(t.database.db, { classId: cls.id, teacherId: teacher.id, startsAt: at("2026-03-03", "10:00") });
    assert.equal((await asTeacher.post(`/api/v1/classes/${cls.id}/lessons/generate`, {})).status, 403);
    assert.equal((await asTeacher.post(`/api/v1/classes/${cls.id}/lessons`, { date: "2026-03-02", startTime: "10:00", durationMinutes: 60 })).status, 403);
    assert.equal((await asTeacher.post(`/api/v1/lessons/${lesson.id}/reschedule`, { date: "2026-03-04", startTime: "10:00", reason: "家中有事" })).status, 403);
    assert.equal((await asTeacher.post(`/api/v1/lessons/${lesson.id}/cancel`, { reason: "生病" })).status, 403);
    assert.equal((await asTeacher.get(`/api/v1/lessons/${lesson.id}`)).status, 200);
  });

  it("answers 404 for a lesson or class outside the actor's scope", async () => {
    const own = newClass();
    const colleague = newClass();
    const elsewhere = newClass({ campusId: campusB.id });
    const asTeacher = await t.asStaff(own.teacher.id);
    const theirs = makeLesson(t.database.db, { classId: colleague.cls.id, teacherId: colleague.teacher.id, startsAt: at("2026-03-03", "14:00") });
    const far = makeLesson(t.database.db, { classId: elsewhere.cls.id, teacherId: elsewhere.teacher.id, startsAt: at("2026-03-03", "14:00") });
    assert.equal((await t.admin.get("/api/v1/lessons/999999")).status, 404);
    assert.equal((await asTeacher.get(`/api/v1/lessons/${theirs.id}`)).status, 404);
    assert.equal((await asAcademicA.get(`/api/v1/lessons/${theirs.id}`)).status, 200);
    assert.equal((await asAcademicA.get(`/api/v1/lessons/${far.id}`)).status, 404);
    assert.equal((await asAcademicA.post(`/api/v1/lessons/${far.id}/cancel`, { reason: "x" })).status, 404);
    assert.equal((await asAcademicA.post(`/api/v1/classes/${elsewhere.cls.id}/lessons/generate`, {})).status, 404);
    assert.equal((await t.admin.post("/api/v1/classes/999999/lessons", { date: "2026-03-02", startTime: "10:00", durationMinutes: 60 })).status, 404);
  });

  it("generates one lesson per slot per date inside the class, skipping a holiday, and is idempotent", async () => {
    const room = makeRoom(t.database.db, { campusId: campusA.id });
    const { cls, teacher } = newClass({ name: "奥数提高班", roomId: room.id, startDate: "2026-03-02", endDate: "2026-03-15" });
    addSlot(t.database.db, cls.id, { weekday: 1, startTime: "10:00", durationMinutes: 120 });
    addSlot(t.database.db, cls.id, { weekday: 3, startTime: "18:30", durationMinutes: 90 });
    assert.equal((await t.admin.put("/api/v1/holidays/2026-03-04", { name: "校庆" })).status, 200);

    const first = await asAcademicA.post(`/api/v1/classes/${cls.id}/lessons/generate`, { from: "2026-02-01", to: "2026-12-31" });
    assert.equal(first.status, 200);
    assert.equal(first.body.createdCount, 3);
    assert.equal(first.body.existingCount, 0);
    assert.deepEqual(first.body.skippedHolidays, ["2026-03-04"]);
    assert.deepEqual(
      first.body.items.map((l: LessonJson & { startTime: string; endTime: string }) => [l.date, l.startTime, l.endTime]),
      [
        ["2026-03-02", "10:00", "12:00"],
        ["2026-03-09", "10:00", "12:00"],
        ["2026-03-11", "18:30", "20:00"],
      ],
    );
    const [monday] = first.body.items as (LessonJson & { source: string; roomId: number; version: number })[];
    assert.ok(monday);
    assert.equal(monday.startsAt, at("2026-03-02", "10:00"));
    assert.equal(monday.endsAt, at("2026-03-02", "12:00"));
    assert.equal(monday.teacherId, teacher.id);
    assert.equal(monday.roomId, room.id);
    assert.equal(monday.source, "rule");
    assert.equal(monday.status, "scheduled");

    const again = await asAcademicA.post(`/api/v1/classes/${cls.id}/lessons/generate`, {});
    assert.equal(again.status, 200);
    assert.equal(again.body.createdCount, 0);
    assert.equal(again.body.existingCount, 3);
    assert.equal(lessonsOf(cls.id).length, 3);

    // a cancelled lesson is not brought back; removing the holiday lets its date be generated
    assert.equal((await asAcademicA.post(`/api/v1/lessons/${monday.id}/cancel`, { reason: "停电" })).status, 200);
    assert.equal((await t.admin.delete("/api/v1/holidays/2026-03-04")).status, 204);
    const third = await asAcademicA.post(`/api/v1/classes/${cls.id}/lessons/generate`, {});
    assert.equal(third.body.createdCount, 1);
    assert.equal(third.body.items[0].date, "2026-03-04");
    assert.equal(lessonsOf(cls.id).length, 4);

    // a lesson moved to another day (调课) is not made a second time at its old slot
    const wednesday = first.body.items[2] as LessonJson;
    const moved = await asAcademicA.post(`/api/v1/lessons/${wednesday.id}/reschedule`, { date: "2026-03-12", startTime: "18:30", reason: "老师出差" });
    assert.equal(moved.status, 200);
    const fourth = await asAcademicA.post(`/api/v1/classes/${cls.id}/lessons/generate`, {});
    assert.equal(fourth.body.createdCount, 0);
    assert.equal(lessonsOf(cls.id).length, 4);
  });

  it("creates no lesson at all when one generated lesson conflicts, and names the conflicting lesson", async () => {
    const first = newClass({ name: "奥数提高班A", startDate: "2026-04-06", endDate: "2026-04-19" });
    addSlot(t.database.db, first.cls.id, { weekday: 3, startTime: "10:00", durationMinutes: 120 });
    const made = await t.admin.post(`/api/v1/classes/${first.cls.id}/lessons/generate`, {});
    assert.equal(made.body.createdCount, 2);
    const wednesday = made.body.items[1] as LessonJson;

    const second = makeClass(t.database.db, {
      name: "同老师的班",
      courseId: course.id,
      campusId: campusA.id,
      teacherId: first.teacher.id,
      startDate: "2026-04-06",
      endDate: "2026-04-19",
    });
    addSlot(t.database.db, second.id, { weekday: 1, startTime: "10:00", durationMinutes: 60 });
    addSlot(t.database.db, second.id, { weekday: 3, startTime: "11:00", durationMinutes: 60 });
    const clash = await t.admin.post(`/api/v1/classes/${second.id}/lessons/generate`, {});
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.code, "CONFLICT");
    assert.equal(clash.body.error.message, "与 4月8日 10:00–12:00 的「奥数提高班A」老师时间冲突（共 2 处冲突）");
    const conflicts = clash.body.error.details.conflicts as Conflict[];
    assert.deepEqual(conflicts[0], {
      lessonId: made.body.items[0].id,
      classId: first.cls.id,
      className: "奥数提高班A",
      startsAt: at("2026-04-08", "10:00"),
      endsAt: at("2026-04-08", "12:00"),
      reason: "teacher",
      candidate: { startsAt: at("2026-04-08", "11:00"), endsAt: at("2026-04-08", "12:00") },
    });
    assert.equal(conflicts[1]?.lessonId, wednesday.id);
    assert.equal(clash.body.error.details.total, 2);
    assert.equal(lessonsOf(second.id).length, 0, "all or nothing: the Monday lessons were not created either");
  });

  it("refuses a weekly rule whose own slots overlap (a conflict within the batch)", async () => {
    const { cls } = newClass({ name: "自相冲突班", startDate: "2026-04-20", endDate: "2026-04-26" });
    addSlot(t.database.db, cls.id, { weekday: 2, startTime: "10:00", durationMinutes: 120 });
    addSlot(t.database.db, cls.id, { weekday: 2, startTime: "11:30", durationMinutes: 60 });
    const res = await t.admin.post(`/api/v1/classes/${cls.id}/lessons/generate`, {});
    assert.equal(res.status, 409);
    const [first] = res.body.error.details.conflicts as Conflict[];
    assert.equal(first?.lessonId, null);
    assert.equal(first?.className, "自相冲突班");
    assert.equal(first?.reason, "teacher");
    assert.equal(first?.startsAt, at("2026-04-21", "10:00"));
    assert.equal(lessonsOf(cls.id).length, 0);
  });

  it("detects teacher, room and student conflicts on a lesson added by hand; back-to-back is fine", async () => {
    const db = t.database.db;
    const room = makeRoom(db, { campusId: campusA.id });
    const a = newClass({ name: "奥数提高班B", roomId: room.id });
    const b = newClass({ name: "英语班" });
    const student = makeStudent(db, { campusId: campusA.id });
    enroll(db, a.cls.id, student.id);
    enroll(db, b.cls.id, student.id);
    const base = await t.admin.post(`/api/v1/classes/${a.cls.id}/lessons`, { date: "2026-05-04", startTime: "10:00", durationMinutes: 120 });
    assert.equal(base.status, 201);
    assert.equal(base.body.source, "manual");
    assert.equal(base.body.roomId, room.id, "the class's room by default");

    // the same teacher, starting at the same time and ending earlier (the Frappe bug): a conflict
    const sameStart = await t.admin.post(`/api/v1/classes/${a.cls.id}/lessons`, {
      date: "2026-05-04",
      startTime: "10:00",
      durationMinutes: 30,
      roomId: null,
    });
    assert.equal(sameStart.status, 409);
    const sameStartConflicts = sameStart.body.error.details.conflicts as Conflict[];
    assert.deepEqual(sameStartConflicts.map((c) => c.reason), ["teacher", "student"]);
    assert.equal(sameStartConflicts[0]?.lessonId, base.body.id);
    assert.equal(sameStart.body.error.message, "与 5月4日 10:00–12:00 的「奥数提高班B」老师时间冲突（共 2 处冲突）");

    // another class in the same room
    const c = newClass({ name: "书法班" });
    const roomClash = await t.admin.post(`/api/v1/classes/${c.cls.id}/lessons`, {
      date: "2026-05-04",
      startTime: "11:00",
      durationMinutes: 60,
      roomId: room.id,
    });
    assert.equal(roomClash.status, 409);
    assert.deepEqual((roomClash.body.error.details.conflicts as Conflict[]).map((x) => [x.reason, x.lessonId]), [["room", base.body.id]]);
    assert.equal(roomClash.body.error.message, "与 5月4日 10:00–12:00 的「奥数提高班B」教室时间冲突");

    // a class sharing an enrolled student
    const studentClash = await t.admin.post(`/api/v1/classes/${b.cls.id}/lessons`, { date: "2026-05-04", startTime: "11:59", durationMinutes: 60 });
    assert.equal(studentClash.status, 409);
    assert.deepEqual(studentClash.body.error.details.conflicts, [
      {
        lessonId: base.body.id,
        classId: a.cls.id,
        className: "奥数提高班B",
        startsAt: at("2026-05-04", "10:00"),
        endsAt: at("2026-05-04", "12:00"),
        reason: "student",
        studentIds: [student.id],
        candidate: { startsAt: at("2026-05-04", "11:59"), endsAt: at("2026-05-04", "12:59") },
      },
    ]);
    assert.equal(studentClash.body.error.message, "与 5月4日 10:00–12:00 的「奥数提高班B」学员时间冲突");

    // back-to-back with the same teacher, room and student: no conflict (half-open spans)
    const next = await t.admin.post(`/api/v1/classes/${a.cls.id}/lessons`, { date: "2026-05-04", startTime: "12:00", durationMinutes: 60 });
    assert.equal(next.status, 201);
    const before = await t.admin.post(`/api/v1/classes/${b.cls.id}/lessons`, { startsAt: at("2026-05-04", "09:00"), durationMinutes: 60 });
    assert.equal(before.status, 201);
    assert.equal(before.body.startsAt, at("2026-05-04", "09:00"));
    assert.equal(before.body.startTime, "09:00");
  });

  it("only counts students whose enrolment has started by the lesson's date", async () => {
    const db = t.database.db;
    const a = newClass({ name: "早班" });
    const b = newClass({ name: "新班" });
    const student = makeStudent(db, { campusId: campusA.id });
    enroll(db, a.cls.id, student.id);
    assert.equal((await t.admin.post(`/api/v1/classes/${b.cls.id}/enrollments`, { studentId: student.id, fromDate: "2026-05-20" })).status, 201);
    assert.equal((await t.admin.post(`/api/v1/classes/${a.cls.id}/lessons`, { date: "2026-05-12", startTime: "15:00", durationMinutes: 60 })).status, 201);
    assert.equal((await t.admin.post(`/api/v1/classes/${a.cls.id}/lessons`, { date: "2026-05-26", startTime: "15:00", durationMinutes: 60 })).status, 201);
    assert.equal((await t.admin.post(`/api/v1/classes/${b.cls.id}/lessons`, { date: "2026-05-12", startTime: "15:00", durationMinutes: 60 })).status, 201);
    const clash = await t.admin.post(`/api/v1/classes/${b.cls.id}/lessons`, { date: "2026-05-26", startTime: "15:00", durationMinutes: 60 });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.details.conflicts[0].reason, "student");
  });

  it("lets a lesson cross midnight: 23:00 + 120 min ends at 01:00 the next day", async () => {
    const { cls } = newClass({ name: "夜猫子班" });
    const late = await t.admin.post(`/api/v1/classes/${cls.id}/lessons`, { date: "2026-03-20", startTime: "23:00", durationMinutes: 120 });
    assert.equal(late.status, 201);
    assert.equal(late.body.startsAt, at("2026-03-20", "23:00"));
    assert.equal(late.body.endsAt, at("2026-03-21", "01:00"));
    assert.equal(late.body.endsAt - late.body.startsAt, 2 * HOUR);
    assert.equal(late.body.date, "2026-03-20");
    assert.equal(late.body.endTime, "01:00");
    assert.equal(late.body.durationMinutes, 120);
    const overlapping = await t.admin.post(`/api/v1/classes/${cls.id}/lessons`, { date: "2026-03-21", startTime: "00:30", durationMinutes: 60 });
    assert.equal(overlapping.status, 409);
    assert.equal(overlapping.body.error.message, "与 3月20日 23:00–次日01:00 的「夜猫子班」老师时间冲突");
    assert.equal((await t.admin.post(`/api/v1/classes/${cls.id}/lessons`, { date: "2026-03-21", startTime: "01:00", durationMinutes: 60 })).status, 201);
  });

  it("reschedules a lesson (same id, new version, reason, audit) and refuses a conflict, a stale version and a cancelled lesson", async () => {
    const db = t.database.db;
    const { cls, teacher } = newClass({ name: "调课班" });
    const other = newClass({ name: "占用班" });
    const otherTeacherLesson = makeLesson(db, { classId: other.cls.id, teacherId: other.teacher.id, startsAt: at("2026-06-03", "10:00") });
    const lesson = makeLesson(db, { classId: cls.id, teacherId: teacher.id, startsAt: at("2026-06-01", "10:00") });

    // moving within its own old span is fine: the lesson does not conflict with itself
    const nudged = await asAcademicA.post(`/api/v1/lessons/${lesson.id}/reschedule`, { date: "2026-06-01", startTime: "10:30", reason: "老师晚到" });
    assert.equal(nudged.status, 200);
    assert.equal(nudged.body.id, lesson.id);
    assert.equal(nudged.body.version, 2);
    assert.equal(nudged.body.startsAt, at("2026-06-01", "10:30"));
    assert.equal(nudged.body.durationMinutes, 120, "the duration is kept");
    assert.equal(nudged.body.rescheduleReason, "老师晚到");

    const clash = await asAcademicA.post(`/api/v1/lessons/${lesson.id}/reschedule`, {
      date: "2026-06-03",
      startTime: "11:00",
      teacherId: other.teacher.id,
      reason: "换老师",
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.details.conflicts[0].lessonId, otherTeacherLesson.id);
    assert.equal(clash.body.error.message, "与 6月3日 10:00–12:00 的「占用班」老师时间冲突");

    const staleMove = await asAcademicA.post(`/api/v1/lessons/${lesson.id}/reschedule`, { date: "2026-06-05", startTime: "10:00", reason: "x", version: 1 });
    assert.equal(staleMove.status, 409);
    assert.equal(staleMove.body.error.code, "STALE");
    assert.equal(staleMove.body.error.details.currentVersion, 2);

    const moved = await asAcademicA.post(`/api/v1/lessons/${lesson.id}/reschedule`, {
      date: "2026-06-05",
      startTime: "19:00",
      durationMinutes: 90,
      teacherId: other.teacher.id,
      reason: "老师出差",
      version: 2,
    });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.version, 3);
    assert.equal(moved.body.teacherId, other.teacher.id);
    assert.equal(moved.body.endsAt, at("2026-06-05", "20:30"));

    const audit = await t.admin.get(`/api/v1/audit?entityType=lesson&entityId=${lesson.id}`);
    const moves = audit.body.items.filter((a: { action: string }) => a.action === "lesson.reschedule");
    assert.equal(moves.length, 2);
    const newest = moves.find((a: { details: { reason: string } }) => a.details.reason === "老师出差");
    assert.equal(newest.details.from.startsAt, at("2026-06-01", "10:30"));
    assert.equal(newest.details.to.startsAt, at("2026-06-05", "19:00"));

    const cancelled = await asAcademicA.post(`/api/v1/lessons/${lesson.id}/cancel`, { reason: "台风停课", version: 3 });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, "cancelled");
    assert.equal(cancelled.body.cancelReason, "台风停课");
    assert.equal(cancelled.body.version, 4);
    const cancelAudit = await t.admin.get(`/api/v1/audit?entityType=lesson&entityId=${lesson.id}&action=lesson.cancel`);
    assert.equal(cancelAudit.body.items.length, 1);
    assert.equal(cancelAudit.body.items[0].details.reason, "台风停课");

    const moveCancelled = await asAcademicA.post(`/api/v1/lessons/${lesson.id}/reschedule`, { date: "2026-06-06", startTime: "10:00", reason: "补回来" });
    assert.equal(moveCancelled.status, 409);
    assert.equal(moveCancelled.body.error.message, "课次已取消，不能调课");
    assert.equal((await asAcademicA.post(`/api/v1/lessons/${lesson.id}/cancel`, { reason: "再取消" })).status, 409);

    // a cancelled lesson no longer holds the teacher
    const reuse = await t.admin.post(`/api/v1/classes/${other.cls.id}/lessons`, { date: "2026-06-05", startTime: "19:00", durationMinutes: 90 });
    assert.equal(reuse.status, 201);
  });

  it("refuses to move or cancel a lesson that already has attendance", async () => {
    const db = t.database.db;
    const { cls, teacher } = newClass();
    const student = makeStudent(db, { campusId: campusA.id });
    const lesson = makeLesson(db, { classId: cls.id, teacherId: teacher.id, startsAt: at("2026-03-02", "08:00") });
    db.insert(attendance)
      .values({ lessonId: lesson.id, studentId: student.id, status: "present", channel: "roll_call", actorKind: "system", actorLabel: "测试", recordedAt: T0, createdAt: T0 })
      .run();
    const cancel = await t.admin.post(`/api/v1/lessons/${lesson.id}/cancel`, { reason: "x" });
    assert.equal(cancel.status, 409);
    assert.equal(cancel.body.error.message, "该课次已有考勤记录，不能停课");
    assert.equal((await t.admin.post(`/api/v1/lessons/${lesson.id}/reschedule`, { date: "2026-03-03", startTime: "08:00", reason: "x" })).status, 409);
  });

  it("lists lessons by business dates within the actor's scope, with filters", async () => {
    const db = t.database.db;
    const room = makeRoom(db, { campusId: campusA.id });
    const mine = newClass({ name: "课表班", roomId: room.id });
    const colleague = newClass({ name: "同事课表班" });
    const far = newClass({ name: "外校区课表班", campusId: campusB.id });
    const l1 = makeLesson(db, { classId: mine.cls.id, teacherId: mine.teacher.id, roomId: room.id, startsAt: at("2026-09-07", "00:00") });
    const l2 = makeLesson(db, { classId: mine.cls.id, teacherId: mine.teacher.id, startsAt: at("2026-09-13", "23:30") });
    makeLesson(db, { classId: mine.cls.id, teacherId: mine.teacher.id, startsAt: at("2026-09-14", "00:00") });
    makeLesson(db, { classId: mine.cls.id, teacherId: mine.teacher.id, startsAt: at("2026-09-06", "23:59") });
    // a substitute lesson: the colleague teaches one lesson of "my" class
    const sub = makeLesson(db, { classId: mine.cls.id, teacherId: colleague.teacher.id, startsAt: at("2026-09-08", "10:00") });
    const theirs = makeLesson(db, { classId: colleague.cls.id, teacherId: colleague.teacher.id, startsAt: at("2026-09-09", "10:00") });
    const farLesson = makeLesson(db, { classId: far.cls.id, teacherId: far.teacher.id, startsAt: at("2026-09-09", "10:00") });
    const week = "from=2026-09-07&to=2026-09-13";
    const ids = (res: { body: { items: LessonJson[] } }) => res.body.items.map((l) => l.id);

    const admin = await t.admin.get(`/api/v1/lessons?${week}`);
    assert.deepEqual(ids(admin), [l1.id, sub.id, theirs.id, farLesson.id, l2.id]);
    assert.equal(admin.body.truncated, false);
    assert.deepEqual(ids(await asAcademicA.get(`/api/v1/lessons?${week}`)), [l1.id, sub.id, theirs.id, l2.id]);
    const asMine = await t.asStaff(mine.teacher.id);
    assert.deepEqual(ids(await asMine.get(`/api/v1/lessons?${week}`)), [l1.id, sub.id, l2.id]);
    const asColleague = await t.asStaff(colleague.teacher.id);
    assert.deepEqual(ids(await asColleague.get(`/api/v1/lessons?${week}`)), [sub.id, theirs.id]);
    assert.equal((await asColleague.get(`/api/v1/lessons/${sub.id}`)).status, 200, "a substitute sees the lesson they teach");

    assert.deepEqual(ids(await t.admin.get(`/api/v1/lessons?${week}&classId=${mine.cls.id}`)), [l1.id, sub.id, l2.id]);
    assert.deepEqual(ids(await t.admin.get(`/api/v1/lessons?${week}&teacherId=${colleague.teacher.id}`)), [sub.id, theirs.id]);
    assert.deepEqual(ids(await t.admin.get(`/api/v1/lessons?${week}&roomId=${room.id}`)), [l1.id]);
    assert.deepEqual(ids(await t.admin.get(`/api/v1/lessons?${week}&campusId=${campusB.id}`)), [farLesson.id]);
    await t.admin.post(`/api/v1/lessons/${theirs.id}/cancel`, { reason: "x" });
    assert.deepEqual(ids(await t.admin.get(`/api/v1/lessons?${week}&status=cancelled`)), [theirs.id]);

    // the default range is the 7 days from today (T0 is 2026-03-02)
    const today = makeLesson(db, { classId: far.cls.id, teacherId: far.teacher.id, startsAt: at("2026-03-08", "20:00") });
    assert.ok(ids(await t.admin.get("/api/v1/lessons")).includes(today.id));
    assert.ok(!ids(await t.admin.get("/api/v1/lessons?from=2026-03-09")).includes(today.id));
  });
});
