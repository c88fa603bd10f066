// Classes and enrolments API: 401 → 400 (field paths) → 403 → 404 (scope) → 409 (capacity, duplicates,
// stale version) → happy paths, including the weekly rule and one-on-one classes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { enrollments } from "../../server/db/schema";
import { activeStudentIdsOfClass } from "../../server/domain/scheduling/enrollmentQueries";
import { enroll, makeCampus, makeClass, makeCourse, makeRoom, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp, type TestClient } from "../helpers/testApp";

type Fields = { error: { details: { fields: { path: string }[] } } };
const paths = (body: Fields) => body.error.details.fields.map((f) => f.path).sort();

describe("classes API", () => {
  let t: TestApp;
  let campusA: { id: number };
  let campusB: { id: number };
  let course: { id: number };
  let oneOnOne: { id: number };
  let teacher: { id: number };
  let otherTeacher: { id: number };
  let headTeacher: { id: number };
  let roomA: { id: number };
  let roomB: { id: number };
  let asTeacher: TestClient;
  let asAcademicA: TestClient;

  const body = () => ({
    name: "奥数提高班",
    courseId: course.id,
    campusId: campusA.id,
    teacherId: teacher.id,
    capacity: 12,
    startDate: "2026-03-01",
    endDate: "2026-06-30",
    slots: [{ weekday: 6, startTime: "09:00", durationMinutes: 120 }],
  });

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    campusA = makeCampus(db);
    campusB = makeCampus(db);
    course = makeCourse(db, { type: "small_class" });
    oneOnOne = makeCourse(db, { type: "one_on_one" });
    teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusA.id] });
    otherTeacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusA.id] });
    headTeacher = makeStaff(db, { roles: ["head_teacher"], campusIds: [campusA.id] });
    roomA = makeRoom(db, { campusId: campusA.id });
    roomB = makeRoom(db, { campusId: campusB.id });
    const academicA = makeStaff(db, { roles: ["academic"], campusIds: [campusA.id] });
    asTeacher = await t.asStaff(teacher.id);
    asAcademicA = await t.asStaff(academicA.id);
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/classes")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/classes", body())).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/classes/1")).status, 401);
    assert.equal((await t.anonymous.patch("/api/v1/classes/1", { name: "x" })).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/classes/1/enrollments")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/classes/1/enrollments", { studentId: 1 })).status, 401);
    assert.equal((await t.anonymous.patch("/api/v1/classes/1/enrollments/1", { status: "finished" })).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const bad = await t.admin.post("/api/v1/classes", {
      ...body(),
      name: "",
      courseId: "abc",
      startDate: "2026-02-30",
      slots: [
        { weekday: 8, startTime: "25:00", durationMinutes: 0 },
        { weekday: 1, startTime: "9:00", durationMinutes: 601 },
      ],
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), [
      "courseId",
      "name",
      "slots.0.durationMinutes",
      "slots.0.startTime",
      "slots.0.weekday",
      "slots.1.durationMinutes",
      "slots.1.startTime",
      "startDate",
    ]);
    const backwards = await t.admin.post("/api/v1/classes", { ...body(), startDate: "2026-06-30", endDate: "2026-03-01" });
    assert.deepEqual(paths(backwards.body), ["endDate"]);
    const twice = await t.admin.post("/api/v1/classes", {
      ...body(),
      slots: [
        { weekday: 1, startTime: "10:00", durationMinutes: 60 },
        { weekday: 1, startTime: "10:00", durationMinutes: 90 },
      ],
    });
    assert.deepEqual(paths(twice.body), ["slots.1.startTime"]);
  });

  it("answers 400 for references that do not fit: non-teacher, non-head-teacher, room of another campus, capacity", async () => {
    const refs = await t.admin.post("/api/v1/classes", {
      ...body(),
      teacherId: headTeacher.id,
      headTeacherId: teacher.id,
      roomId: roomB.id,
      courseId: 999_999,
    });
    assert.equal(refs.status, 400);
    assert.deepEqual(paths(refs.body), ["courseId", "headTeacherId", "roomId", "teacherId"]);
    const { capacity: _omitted, ...noCapacity } = body();
    assert.deepEqual(paths((await t.admin.post("/api/v1/classes", noCapacity)).body), ["capacity"]);
    const oneOnOneOf3 = await t.admin.post("/api/v1/classes", { ...body(), courseId: oneOnOne.id, capacity: 3 });
    assert.equal(oneOnOneOf3.status, 400);
    assert.deepEqual(paths(oneOnOneOf3.body), ["capacity"]);
    const left = makeStaff(t.database.db, { roles: ["teacher"], status: "left" });
    const gone = await t.admin.post("/api/v1/classes", { ...body(), teacherId: left.id });
    assert.equal(gone.body.error.details.fields[0].message, `员工 ${left.id} 已离职`);
  });

  it("answers 403 to a teacher creating or changing a class, and to another campus's academic", async () => {
    assert.equal((await asTeacher.post("/api/v1/classes", body())).status, 403);
    const own = makeClass(t.database.db, { courseId: course.id, campusId: campusA.id, teacherId: teacher.id });
    assert.equal((await asTeacher.patch(`/api/v1/classes/${own.id}`, { name: "改名" })).status, 403);
    assert.equal((await asAcademicA.post("/api/v1/classes", { ...body(), campusId: campusB.id, roomId: null })).status, 403);
  });

  it("answers 404 outside the actor's scope, and lists only what the actor may see", async () => {
    const db = t.database.db;
    const mine = makeClass(db, { name: "老师自己的班", courseId: course.id, campusId: campusA.id, teacherId: teacher.id });
    const colleagues = makeClass(db, { name: "同事的班", courseId: course.id, campusId: campusA.id, teacherId: otherTeacher.id });
    const elsewhere = makeClass(db, { name: "外校区的班", courseId: course.id, campusId: campusB.id, teacherId: otherTeacher.id });
    assert.equal((await t.admin.get("/api/v1/classes/999999")).status, 404);
    assert.equal((await asTeacher.get(`/api/v1/classes/${mine.id}`)).status, 200);
    assert.equal((await asTeacher.get(`/api/v1/classes/${colleagues.id}`)).status, 404);
    assert.equal((await asTeacher.get(`/api/v1/classes/${colleagues.id}/enrollments`)).status, 404);
    assert.equal((await asAcademicA.get(`/api/v1/classes/${colleagues.id}`)).status, 200);
    assert.equal((await asAcademicA.get(`/api/v1/classes/${elsewhere.id}`)).status, 404);
    assert.equal((await asAcademicA.patch(`/api/v1/classes/${elsewhere.id}`, { name: "x" })).status, 404);
    const teacherList = await asTeacher.get("/api/v1/classes?limit=100");
    assert.ok(teacherList.body.items.every((c: { teacherId: number }) => c.teacherId === teacher.id));
    assert.ok(teacherList.body.items.some((c: { id: number }) => c.id === mine.id));
    const campusList = await asAcademicA.get("/api/v1/classes?limit=100");
    assert.ok(campusList.body.items.every((c: { campusId: number }) => c.campusId === campusA.id));
    const adminB = await t.admin.get(`/api/v1/classes?campusId=${campusB.id}`);
    assert.deepEqual(adminB.body.items.map((c: { id: number }) => c.id), [elsewhere.id]);
    const byTeacher = await t.admin.get(`/api/v1/classes?teacherId=${otherTeacher.id}&status=active&courseId=${course.id}`);
    assert.deepEqual(byTeacher.body.items.map((c: { id: number }) => c.id).sort(), [colleagues.id, elsewhere.id].sort());
    const bad = await t.admin.get("/api/v1/classes?status=open&teacherId=x");
    assert.deepEqual(paths(bad.body), ["status", "teacherId"]);
  });

  it("creates a class with its weekly rule, replaces the rule on update, and refuses a stale version", async () => {
    const created = await asAcademicA.post("/api/v1/classes", { ...body(), headTeacherId: headTeacher.id, roomId: roomA.id });
    assert.equal(created.status, 201);
    assert.equal(created.body.courseId, course.id);
    assert.equal(created.body.teacherId, teacher.id);
    assert.equal(created.body.roomId, roomA.id);
    assert.equal(created.body.capacity, 12);
    assert.equal(created.body.status, "active");
    assert.equal(created.body.activeEnrollments, 0);
    assert.deepEqual(created.body.slots, [{ weekday: 6, startTime: "09:00", durationMinutes: 120 }]);
    const id = created.body.id;
    const changed = await asAcademicA.patch(`/api/v1/classes/${id}`, {
      version: 1,
      capacity: 15,
      slots: [
        { weekday: 3, startTime: "18:30", durationMinutes: 90 },
        { weekday: 1, startTime: "18:30", durationMinutes: 90 },
      ],
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.version, 2);
    assert.equal(changed.body.capacity, 15);
    assert.deepEqual(changed.body.slots.map((s: { weekday: number }) => s.weekday), [1, 3]);
    const staleWrite = await asAcademicA.patch(`/api/v1/classes/${id}`, { version: 1, name: "旧版本" });
    assert.equal(staleWrite.status, 409);
    assert.equal(staleWrite.body.error.code, "STALE");
    const backwards = await asAcademicA.patch(`/api/v1/classes/${id}`, { endDate: "2026-02-01" });
    assert.deepEqual(paths(backwards.body), ["endDate"]);
    const otherRoom = await asAcademicA.patch(`/api/v1/classes/${id}`, { roomId: roomB.id });
    assert.deepEqual(paths(otherRoom.body), ["roomId"]);
    const got = await asTeacher.get(`/api/v1/classes/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.slots.length, 2);
  });

  it("forces capacity 1 for a one-on-one course", async () => {
    const { capacity: _omitted, ...rest } = body();
    const created = await t.admin.post("/api/v1/classes", { ...rest, name: "一对一数学", courseId: oneOnOne.id });
    assert.equal(created.status, 201);
    assert.equal(created.body.capacity, 1);
    assert.equal(created.body.courseType, "one_on_one");
    const wider = await t.admin.patch(`/api/v1/classes/${created.body.id}`, { capacity: 2 });
    assert.equal(wider.status, 400);
    assert.deepEqual(paths(wider.body), ["capacity"]);
    const s1 = makeStudent(t.database.db, { campusId: campusA.id });
    const s2 = makeStudent(t.database.db, { campusId: campusA.id });
    assert.equal((await t.admin.post(`/api/v1/classes/${created.body.id}/enrollments`, { studentId: s1.id })).status, 201);
    const full = await t.admin.post(`/api/v1/classes/${created.body.id}/enrollments`, { studentId: s2.id });
    assert.equal(full.status, 409);
    assert.equal(full.body.error.message, "班级已满");
  });
});

describe("enrolments API", () => {
  let t: TestApp;
  let cls: { id: number };
  let campusA: { id: number };
  let campusB: { id: number };
  let asTeacher: TestClient;
  let asAcademicA: TestClient;

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    campusA = makeCampus(db);
    campusB = makeCampus(db);
    const course = makeCourse(db);
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusA.id] });
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campusA.id] });
    cls = makeClass(db, { name: "小班", courseId: course.id, campusId: campusA.id, teacherId: teacher.id, capacity: 2 });
    asTeacher = await t.asStaff(teacher.id);
    asAcademicA = await t.asStaff(academic.id);
  });
  after(() => t.close());

  it("answers 400 naming each bad field", async () => {
    const bad = await t.admin.post(`/api/v1/classes/${cls.id}/enrollments`, { fromDate: "03/01/2026" });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["fromDate", "studentId"]);
    const s = makeStudent(t.database.db, { campusId: campusA.id });
    const late = await t.admin.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: s.id, fromDate: "2026-07-01" });
    assert.deepEqual(paths(late.body), ["fromDate"]);
    const status = await t.admin.patch(`/api/v1/classes/${cls.id}/enrollments/${s.id}`, { status: "gone" });
    assert.deepEqual(paths(status.body), ["status"]);
  });

  it("answers 403 to a teacher and 404 for a student or class outside the scope", async () => {
    const s = makeStudent(t.database.db, { campusId: campusA.id });
    assert.equal((await asTeacher.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: s.id })).status, 403);
    const outsider = makeStudent(t.database.db, { campusId: campusB.id });
    const notVisible = await asAcademicA.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: outsider.id });
    assert.equal(notVisible.status, 404);
    assert.equal(notVisible.body.error.message, "学员不存在");
    assert.equal((await t.admin.post("/api/v1/classes/999999/enrollments", { studentId: s.id })).status, 404);
    assert.equal((await t.admin.patch(`/api/v1/classes/${cls.id}/enrollments/${outsider.id}`, { status: "finished" })).status, 404);
  });

  it("enforces capacity with active enrolments, refuses enrolling twice, and re-checks on re-activation", async () => {
    const db = t.database.db;
    const [a, b, c] = [1, 2, 3].map(() => makeStudent(db, { campusId: campusA.id }));
    assert.ok(a && b && c);
    const first = await asAcademicA.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: a.id, fromDate: "2026-03-01" });
    assert.equal(first.status, 201);
    assert.equal(first.body.status, "active");
    assert.equal(first.body.studentName, a.name);
    const again = await asAcademicA.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: a.id });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.message, "该学员已在此班级中（在读）");
    assert.equal((await asAcademicA.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: b.id })).status, 201);
    const full = await asAcademicA.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: c.id });
    assert.equal(full.status, 409);
    assert.equal(full.body.error.message, "班级已满");
    assert.equal(full.body.error.details.capacity, 2);
    const lower = await t.admin.patch(`/api/v1/classes/${cls.id}`, { capacity: 1 });
    assert.equal(lower.status, 409);

    const suspended = await asAcademicA.patch(`/api/v1/classes/${cls.id}/enrollments/${b.id}`, { status: "suspended" });
    assert.equal(suspended.status, 200);
    assert.equal(suspended.body.status, "suspended");
    assert.equal((await asAcademicA.post(`/api/v1/classes/${cls.id}/enrollments`, { studentId: c.id })).status, 201);
    const back = await asAcademicA.patch(`/api/v1/classes/${cls.id}/enrollments/${b.id}`, { status: "active" });
    assert.equal(back.status, 409);
    assert.equal(back.body.error.message, "班级已满");
    assert.equal((await asAcademicA.patch(`/api/v1/classes/${cls.id}/enrollments/${a.id}`, { status: "finished" })).status, 200);
    assert.equal((await asAcademicA.patch(`/api/v1/classes/${cls.id}/enrollments/${b.id}`, { status: "active" })).status, 200);

    const list = await asTeacher.get(`/api/v1/classes/${cls.id}/enrollments`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((e: { studentId: number; studentName: string; status: string }) => [e.studentId, e.studentName, e.status]),
      [
        [a.id, a.name, "finished"],
        [b.id, b.name, "active"],
        [c.id, c.name, "active"],
      ],
    );
    const active = await asTeacher.get(`/api/v1/classes/${cls.id}/enrollments?status=active`);
    assert.equal(active.body.items.length, 2);
    const detail = await asTeacher.get(`/api/v1/classes/${cls.id}`);
    assert.equal(detail.body.activeEnrollments, 2);
  });

  it("counts a lesson's students from active enrolments starting on or before its date", () => {
    const db = t.database.db;
    const course = makeCourse(db);
    const teacher = makeStaff(db, { roles: ["teacher"] });
    const k = makeClass(db, { courseId: course.id, campusId: campusA.id, teacherId: teacher.id });
    const early = makeStudent(db, { campusId: campusA.id });
    const late = makeStudent(db, { campusId: campusA.id });
    const gone = makeStudent(db, { campusId: campusA.id });
    enroll(db, k.id, early.id);
    const lateRow = enroll(db, k.id, late.id);
    const goneRow = enroll(db, k.id, gone.id);
    db.update(enrollments).set({ fromDate: "2026-03-10" }).where(eq(enrollments.id, lateRow.id)).run();
    db.update(enrollments).set({ status: "transferred" }).where(eq(enrollments.id, goneRow.id)).run();
    assert.deepEqual(activeStudentIdsOfClass(db, k.id, "2026-03-09"), [early.id]);
    assert.deepEqual(activeStudentIdsOfClass(db, k.id, "2026-03-10"), [early.id, late.id]);
    assert.deepEqual(activeStudentIdsOfClass(db, k.id), [early.id, late.id]);
  });

  it("refuses new students in a finished class", async () => {
    const s = makeStudent(t.database.db, { campusId: campusA.id });
    const course = makeCourse(t.database.db);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"] });
    const done = makeClass(t.database.db, { courseId: course.id, campusId: campusA.id, teacherId: teacher.id, status: "finished" });
    const res = await t.admin.post(`/api/v1/classes/${done.id}/enrollments`, { studentId: s.id });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "PRECONDITION_FAILED");
  });
});
