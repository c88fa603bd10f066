// What the teacher's lesson screens read: who has checked in (the classroom QR page polls it) and "my
// lessons" of a week (the timetable filtered to the caller as teacher).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp, type TestClient } from "../helpers/testApp";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("lesson check-ins and my lessons", () => {
  let t: TestApp;
  let lessonId: number;
  let teacherId: number;
  let campusId: number;
  let studentIds: number[];
  let asTeacher: TestClient;
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    const campus = makeCampus(db);
    campusId = campus.id;
    const course = makeCourse(db, { hoursPerLesson: 100 });
    teacherId = makeStaff(db, { roles: ["teacher", "academic"], campusIds: [campus.id] }).id;
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId, name: "签到班" });
    studentIds = ["赵一", "钱二", "孙三", "李四"].map((name) => makeStudent(db, { campusId: campus.id, name }).id);
    for (const id of studentIds) {
      enroll(db, klass.id, id);
      creditGift(t.ctx, { studentId: id, courseId: course.id, hours: 1000, key: `checkins:${id}`, reason: "赠", refType: "manual", expiresAt: null });
    }
    lessonId = makeLesson(db, { classId: klass.id, teacherId, startsAt: T0 + 10 * MINUTE }).id;
    asTeacher = await t.asStaff(teacherId);
  });
  after(() => t.close());

  it("answers 401, 400 naming the id, and 404 to someone who may not take the lesson's attendance", async () => {
    assert.equal((await t.anonymous.get(`/api/v1/lessons/${lessonId}/checkins`)).status, 401);
    const bad = await asTeacher.get("/api/v1/lessons/x/checkins");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.fields.map((f: { path: string }) => f.path), ["id"]);
    const stranger = makeStaff(t.database.db, { roles: ["teacher"] });
    assert.equal((await (await t.asStaff(stranger.id)).get(`/api/v1/lessons/${lessonId}/checkins`)).status, 404);
    assert.equal((await asTeacher.get("/api/v1/lessons/999999/checkins")).status, 404);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"] });
    assert.equal((await (await t.asStaff(advisor.id)).get(`/api/v1/lessons/${lessonId}/checkins`)).status, 403);
  });

  it("counts and names who is in the room, in the order they arrived, not who is absent or on leave", async () => {
    const empty = await asTeacher.get(`/api/v1/lessons/${lessonId}/checkins`);
    assert.equal(empty.status, 200);
    assert.equal(empty.headers.get("cache-control"), "no-store");
    assert.deepEqual([empty.body.expected, empty.body.checkedInCount, empty.body.students, empty.body.onLeave], [4, 0, [], 0]);
    assert.equal(empty.body.lesson.className, "签到班");

    const [zhao, qian, sun, li] = studentIds;
    const mark = async (studentId: number | undefined, status: string, at: number) => {
      t.clock.set(at);
      assert.equal((await asTeacher.put(`/api/v1/lessons/${lessonId}/attendance/${studentId}`, { status })).status, 200);
    };
    await mark(qian, "present", T0);
    await mark(zhao, "late", T0 + 20 * MINUTE);
    await mark(sun, "leave", T0 + 21 * MINUTE);
    await mark(li, "absent", T0 + 22 * MINUTE);
    const res = await asTeacher.get(`/api/v1/lessons/${lessonId}/checkins`);
    assert.equal(res.body.expected, 4);
    assert.equal(res.body.checkedInCount, 2);
    assert.equal(res.body.onLeave, 1, "the screen says how many are on leave");
    assert.deepEqual(
      res.body.students.map((s: { studentId: number; name: string; status: string; channel: string; at: number }) => [s.studentId, s.name, s.status, s.channel, s.at]),
      [
        [qian, "钱二", "present", "api", T0],
        [zhao, "赵一", "late", "api", T0 + 20 * MINUTE],
      ],
    );
    t.clock.set(T0);
  });

  it("lists my own lessons of the week with teacherId, though an academic sees the whole campus", async () => {
    const db = t.database.db;
    const colleague = makeStaff(db, { roles: ["teacher"], campusIds: [campusId] });
    const theirClass = makeClass(db, { courseId: makeCourse(db).id, campusId, teacherId: colleague.id });
    const theirs = makeLesson(db, { classId: theirClass.id, teacherId: colleague.id, startsAt: T0 + DAY });
    const mine = makeLesson(db, { classId: theirClass.id, teacherId, startsAt: T0 + 2 * DAY });
    const nextWeek = makeLesson(db, { classId: theirClass.id, teacherId, startsAt: T0 + 8 * DAY });
    const ids = (body: { items: { id: number }[] }) => body.items.map((l) => l.id);
    const week = "from=2026-03-02&to=2026-03-08";
    const everyone = await asTeacher.get(`/api/v1/lessons?${week}`);
    assert.ok(ids(everyone.body).includes(theirs.id), "as academic the teacher sees the campus timetable");
    const own = await asTeacher.get(`/api/v1/lessons?${week}&teacherId=${teacherId}`);
    assert.equal(own.status, 200);
    assert.deepEqual(ids(own.body), [lessonId, mine.id], "a substitute lesson in a colleague's class counts as mine");
    assert.ok(!ids((await asTeacher.get(`/api/v1/lessons?from=2026-03-02&to=2026-03-02&teacherId=${teacherId}`)).body).includes(nextWeek.id));
    const me = await asTeacher.get("/api/v1/auth/me");
    assert.equal(me.body.id, teacherId, "the client learns its own id from /auth/me");
  });
});
