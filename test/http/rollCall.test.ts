import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { attendance, lessons, type Lesson } from "../../server/db/schema";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

describe("roll call API", () => {
  let t: TestApp;
  let lesson: Lesson;
  let teacherId: number;
  let studentIds: number[];
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    const campus = makeCampus(db);
    const course = makeCourse(db, { hoursPerLesson: 150, absencePolicy: "no_deduct" });
    teacherId = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] }).id;
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId });
    studentIds = [makeStudent(db, { campusId: campus.id, name: "张三" }).id, makeStudent(db, { campusId: campus.id, name: "李四" }).id];
    for (const id of studentIds) {
      enroll(db, klass.id, id);
      creditGift(t.ctx, { studentId: id, courseId: course.id, hours: 1000, key: `g${id}`, reason: "赠", refType: "manual", expiresAt: null });
    }
    lesson = db.insert(lessons).values({ classId: klass.id, teacherId, startsAt: T0, endsAt: T0 + 7200_000, source: "manual", createdAt: T0, updatedAt: T0 }).returning().get();
  });
  after(() => t.close());

  it("walks 401 → 400 → 404 → 409 → happy path", async () => {
    const path = `/api/v1/lessons/${lesson.id}/roll-call`;
    assert.equal((await t.anonymous.get(path)).status, 401);
    const asTeacher = await t.asStaff(teacherId);
    const bad = await asTeacher.post(path, { entries: [{ studentId: studentIds[0], status: "here" }, { studentId: "x", status: "present" }] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort(), ["entries.0.status", "entries.1.studentId"]);
    const twice = await asTeacher.post(path, { entries: [{ studentId: studentIds[0], status: "present" }, { studentId: studentIds[0], status: "late" }] });
    assert.equal(twice.body.error.details.fields[0].path, "entries.1.studentId");
    const stranger = makeStaff(t.database.db, { roles: ["teacher"] });
    assert.equal((await (await t.asStaff(stranger.id)).get(path)).status, 404);
    assert.equal((await asTeacher.get("/api/v1/lessons/99999/roll-call")).status, 404);

    const roster = await asTeacher.get(path);
    assert.equal(roster.status, 200);
    assert.deepEqual(roster.body.students.map((s: { name: string; status: null; balanceHoursText: string }) => [s.name, s.status, s.balanceHoursText]), [["张三", null, "10.00"], ["李四", null, "10.00"]]);

    // Every mark that can be saved is saved; a student not on the roster is named with the reason.
    const outsider = makeStudent(t.database.db, { campusId: 1, name: "王五" });
    const partial = await asTeacher.post(path, { entries: [{ studentId: studentIds[0], status: "present" }, { studentId: outsider.id, status: "present" }] });
    assert.equal(partial.status, 200);
    assert.deepEqual(partial.body.notSaved.map((m: { name: string; reason: string }) => [m.name, m.reason]), [["王五", "not_enrolled"]]);
    assert.equal(t.database.db.select().from(attendance).all().length, 1, "the others are saved");

    const done = await asTeacher.post(path, { entries: [{ studentId: studentIds[0], status: "present" }, { studentId: studentIds[1], status: "absent" }] });
    assert.equal(done.status, 200);
    assert.deepEqual(done.body.notSaved, []);
    assert.deepEqual(done.body.students.map((s: { status: string; balanceHours: number }) => [s.status, s.balanceHours]), [["present", 850], ["absent", 1000]]);
    const again = await asTeacher.post(path, { entries: [{ studentId: studentIds[0], status: "present" }] });
    assert.equal(again.body.students[0].balanceHours, 850, "submitting again deducts nothing more");

    const fix = await asTeacher.put(`/api/v1/lessons/${lesson.id}/attendance/${studentIds[0]}`, { status: "leave" });
    assert.equal(fix.status, 200);
    assert.equal(fix.body.previous, "present");
    assert.equal(fix.body.balanceHours, 1000);
    const history = await t.admin.get(`/api/v1/students/${studentIds[0]}/attendance`);
    assert.equal(history.body.items[0].status, "leave");
    assert.equal(history.body.items[0].channel, "api");
  });

  it("exposes and changes the institution settings (admin only)", async () => {
    assert.equal((await t.admin.get("/api/v1/settings")).body.attendanceLockDays, 3);
    const teacher = await t.asStaff(teacherId);
    assert.equal((await teacher.patch("/api/v1/settings", { attendanceLockDays: 7 })).status, 403);
    assert.equal((await t.admin.patch("/api/v1/settings", { attendanceLockDays: -1 })).status, 400);
    assert.equal((await t.admin.patch("/api/v1/settings", { attendanceLockDays: 7 })).body.attendanceLockDays, 7);
  });
});
