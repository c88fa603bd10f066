// A check-in refused because the hours are used up opens the advisor's renewal follow-up (the refusal
// itself still rolls back and answers 409); a second refused scan opens nothing more.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { followupTasks } from "../../server/db/schema";
import { studentCode } from "../../server/domain/checkin/studentCode";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const HOUR = 3_600_000;

describe("a refused check-in opens the renewal follow-up", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("409 for the scan, one renewal task for the advisor (trigger checkin_refused), not two", async () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id] });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问丙" });
    const course = makeCourse(db, { hoursPerLesson: 200 });
    const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
    makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + HOUR });
    const student = makeStudent(db, { campusId: campus.id, name: "赵小雨", advisorId: advisor.id });
    enroll(db, klass.id, student.id);
    creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: 100, key: "gift-1", reason: "赠", refType: "manual", expiresAt: null });
    assert.equal((await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 0 })).status, 200);
    t.clock.set(T0 + HOUR - 10 * 60_000);
    const code = studentCode(t.config.appSecret, student.id);
    const refused = await t.admin.post("/api/v1/checkin/scan", { code });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.details.reason, "no_hours");
    const tasks = () => db.select().from(followupTasks).where(eq(followupTasks.studentId, student.id)).all();
    assert.deepEqual(tasks().map((x) => [x.kind, x.trigger, x.ownerId, x.state]), [["renewal", "checkin_refused", advisor.id, "open"]]);
    assert.equal((await t.admin.post("/api/v1/checkin/scan", { code })).status, 409);
    assert.equal(tasks().length, 1);
    assert.equal((await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 2 })).status, 200);
  });
});
