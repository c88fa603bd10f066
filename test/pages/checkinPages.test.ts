// Checking in from a bound phone: the window at its exact edges, late after the grace, a lesson across
// midnight, forged / other-lesson / expired tokens (on GET and on every POST), already checked in (no
// second deduction), no hours (refused, or allowed and shown as owed under overdraft), the receipt.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { attendance, institutionSettings, ledgerOps, lessons } from "../../server/db/schema";
import { recordAttendance } from "../../server/domain/attendance/recordAttendance";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { reconcile } from "../../server/domain/reports/reconcile";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent, phoneClient, staffActor } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 10:00 Asia/Shanghai on Monday 2026-03-02. */
const TEN = T0 + HOUR;

type Phone = ReturnType<typeof phoneClient>;

describe("checking in on the classroom QR page", () => {
  let t: TestApp;
  let campusId: number;
  let teacherId: number;
  let seq = 0;

  /** A class of its own course with one lesson and one enrolled student holding `hours`, bound to a new phone. */
  async function scene(o: { startsAt?: number; endsAt?: number; hours?: number; allowOverdraft?: boolean; className?: string } = {}) {
    const db = t.database.db;
    const course = makeCourse(db, { name: `数学${++seq}`, hoursPerLesson: 200, allowOverdraft: o.allowOverdraft ?? false });
    const klass = makeClass(db, { courseId: course.id, campusId, teacherId, name: o.className ?? `数学${seq}班` });
    const startsAt = o.startsAt ?? TEN;
    const lesson = makeLesson(db, { classId: klass.id, teacherId, startsAt, endsAt: o.endsAt ?? startsAt + 2 * HOUR });
    const student = makeStudent(db, { campusId, name: `学生${seq}` });
    enroll(db, klass.id, student.id);
    if ((o.hours ?? 1000) > 0) {
      creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: o.hours ?? 1000, key: `gift:${student.id}`, reason: "赠送", refType: "manual", expiresAt: null });
    }
    const phone = phoneClient(t.baseUrl, { address: `10.2.0.${seq}` });
    const code = (await t.admin.post(`/api/v1/students/${student.id}/binding-codes`)).body.code;
    const bound = await phone.post(`/c/${tokenFor(lesson.id)}/bind`, { via: "code", code });
    assert.equal(bound.status, 303, bound.text);
    const deductions = () =>
      db.select().from(ledgerOps).where(and(eq(ledgerOps.studentId, student.id), eq(ledgerOps.refType, "attendance"))).all();
    const rows = () => db.select().from(attendance).where(eq(attendance.studentId, student.id)).all();
    return { course, klass, lesson, student, phone, deductions, rows };
  }
  const tokenFor = (lessonId: number) => signLessonToken(t.config.appSecret, lessonId, t.clock.now()).token;
  const checkIn = (phone: Phone, lessonId: number, studentId: number, token = tokenFor(lessonId)) =>
    phone.post(`/c/${token}/checkin`, { studentId });

  before(async () => {
    t = await startTestApp();
    campusId = makeCampus(t.database.db).id;
    teacherId = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusId] }).id;
  });
  after(() => t.close());

  it("checks in, redirects to a receipt with the name, lesson, time and hours left, and deducts once", async () => {
    t.clock.set(TEN - 8 * MIN);
    const s = await scene({ className: "五年级英语B班" });
    const res = await checkIn(s.phone, s.lesson.id, s.student.id);
    assert.equal(res.status, 303);
    assert.equal(res.location, `/c/done/${s.lesson.id}/${s.student.id}`);
    const receipt = await s.phone.get(res.location ?? "");
    assert.equal(receipt.status, 200);
    assert.match(receipt.text, /签到成功/);
    assert.match(receipt.text, new RegExp(s.student.name));
    assert.match(receipt.text, /五年级英语B班/);
    assert.match(receipt.text, /上课时间：3月2日 10:00–12:00/);
    assert.match(receipt.text, /签到时间：09:52（出勤）/);
    assert.match(receipt.text, /剩余 <strong>8\.00 课时<\/strong>/);
    const [row] = s.rows();
    assert.equal(row?.status, "present");
    assert.equal(row?.channel, "qr_self");
    assert.equal(row?.actorLabel, "系统:学员扫码签到");
    assert.equal(s.deductions().length, 1);
    assert.equal((await phoneClient(t.baseUrl).get(res.location ?? "")).status, 404, "another phone cannot read the receipt");
  });

  it("opens at start − 30 min inclusive and closes at start + 15 min exclusive", async () => {
    t.clock.set(TEN - 30 * MIN - 1);
    const early = await scene();
    const tooEarly = await checkIn(early.phone, early.lesson.id, early.student.id);
    assert.equal(tooEarly.status, 409);
    assert.match(tooEarly.text, /还没到签到时间，09:30 开始签到/);
    assert.equal(early.rows().length, 0);
    const page = await early.phone.get(`/c/${tokenFor(early.lesson.id)}`);
    assert.match(page.text, /还没到签到时间/);
    assert.doesNotMatch(page.text, /\/checkin"/, "no check-in button before the window");
    t.clock.set(TEN - 30 * MIN);
    assert.equal((await checkIn(early.phone, early.lesson.id, early.student.id)).status, 303, "exactly at the opening");
    assert.equal(early.rows()[0]?.status, "present");

    t.clock.set(TEN + 15 * MIN - 1);
    const last = await scene();
    assert.equal((await checkIn(last.phone, last.lesson.id, last.student.id)).status, 303, "the last millisecond");
    assert.equal(last.rows()[0]?.status, "late");

    t.clock.set(TEN + 15 * MIN);
    const closed = await scene();
    const refused = await checkIn(closed.phone, closed.lesson.id, closed.student.id);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /签到已截止/);
    assert.match(refused.text, /签到已于 10:15 截止，请找老师点名/);
    assert.equal(closed.rows().length, 0);
  });

  it("is on time until start + grace and late strictly after", async () => {
    t.clock.set(TEN + 5 * MIN);
    const onTime = await scene();
    await checkIn(onTime.phone, onTime.lesson.id, onTime.student.id);
    assert.equal(onTime.rows()[0]?.status, "present");
    t.clock.set(TEN + 5 * MIN + 1);
    const late = await scene();
    await checkIn(late.phone, late.lesson.id, late.student.id);
    assert.equal(late.rows()[0]?.status, "late");
    assert.match((await late.phone.get(`/c/done/${late.lesson.id}/${late.student.id}`)).text, /（迟到）/);
  });

  it("handles a lesson crossing midnight", async () => {
    const start = Date.UTC(2026, 2, 2, 15, 50); // 23:50 on 3月2日 in Shanghai
    t.clock.set(start - 20 * MIN);
    const s = await scene({ startsAt: start, endsAt: start + 90 * MIN });
    t.clock.set(start + 12 * MIN); // 00:02 on 3月3日
    const page = await s.phone.get(`/c/${tokenFor(s.lesson.id)}`);
    assert.match(page.text, /3月2日 23:50–次日 01:20/);
    assert.match(page.text, /签到时间 3月2日 23:20–00:05/);
    const res = await checkIn(s.phone, s.lesson.id, s.student.id);
    assert.equal(res.status, 303);
    assert.equal(s.rows()[0]?.status, "late");
    t.clock.set(start + 15 * MIN);
    const other = await scene({ startsAt: start, endsAt: start + 90 * MIN });
    const closed = await checkIn(other.phone, other.lesson.id, other.student.id);
    assert.match(closed.text, /签到已于 00:05 截止/);
  });

  it("refuses a forged token (one byte changed) on the page and on the POST", async () => {
    t.clock.set(TEN - 5 * MIN);
    const s = await scene();
    const raw = Buffer.from(tokenFor(s.lesson.id), "base64url");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0x01;
    const forged = raw.toString("base64url");
    const page = await s.phone.get(`/c/${forged}`);
    assert.equal(page.status, 400);
    assert.match(page.text, /二维码无效/);
    const post = await checkIn(s.phone, s.lesson.id, s.student.id, forged);
    assert.equal(post.status, 400);
    assert.equal(s.rows().length, 0);
    assert.equal(s.deductions().length, 0);
  });

  it("refuses a token from another lesson: spliced it is forged, genuine it finds the student not enrolled", async () => {
    t.clock.set(TEN - 5 * MIN);
    const mine = await scene();
    const theirs = await scene();
    const ours = Buffer.from(tokenFor(mine.lesson.id), "base64url");
    const other = Buffer.from(tokenFor(theirs.lesson.id), "base64url");
    const spliced = Buffer.concat([other.subarray(0, other.length - 8), ours.subarray(ours.length - 8)]).toString("base64url");
    assert.equal((await checkIn(mine.phone, theirs.lesson.id, mine.student.id, spliced)).status, 400);
    const res = await checkIn(mine.phone, theirs.lesson.id, mine.student.id);
    assert.equal(res.status, 409);
    assert.match(res.text, /不在这节课的名单中/);
    assert.match(res.text, new RegExp(`${mine.student.name} 不在这节课（${theirs.klass.name}）的学员名单中`));
    const page = await mine.phone.get(`/c/${tokenFor(theirs.lesson.id)}`);
    assert.match(page.text, /不在这节课的学员名单中/);
    assert.equal(mine.rows().length, 0);
  });

  it("refuses a replayed expired token, and a page left open past its token cannot check in", async () => {
    t.clock.set(TEN - 5 * MIN);
    const s = await scene();
    const token = tokenFor(s.lesson.id);
    const page = await s.phone.get(`/c/${token}`);
    assert.match(page.text, new RegExp(`为 ${s.student.name} 签到`));
    t.clock.advance(30_000);
    const stale = await checkIn(s.phone, s.lesson.id, s.student.id, token);
    assert.equal(stale.status, 409);
    assert.match(stale.text, /二维码已过期/);
    assert.match(stale.text, /请扫描老师屏幕上正在显示的二维码/);
    t.clock.set(TEN + 24 * HOUR);
    const photo = await s.phone.get(`/c/${token}`);
    assert.match(photo.text, /二维码已过期/);
    assert.equal(s.rows().length, 0);
  });

  it("answers already checked in at HH:mm without a second deduction, whoever recorded first", async () => {
    t.clock.set(TEN - 3 * MIN);
    const s = await scene();
    assert.equal((await checkIn(s.phone, s.lesson.id, s.student.id)).status, 303);
    t.clock.set(TEN + 10 * MIN);
    const again = await checkIn(s.phone, s.lesson.id, s.student.id);
    assert.equal(again.status, 409);
    assert.match(again.text, /已经签到过了/);
    assert.match(again.text, new RegExp(`${s.student.name} 已于 09:57 签到，不会重复扣课时`));
    assert.equal(s.rows()[0]?.status, "present", "not turned into late");
    assert.equal(s.deductions().length, 1);
    assert.match((await s.phone.get(`/c/${tokenFor(s.lesson.id)}`)).text, /已于 09:57 签到（出勤）/);

    t.clock.set(TEN - 1 * MIN);
    const called = await scene();
    recordAttendance({
      ctx: { ...t.ctx, actor: staffActor({ id: teacherId, name: "老师" }, ["teacher"], [campusId]) },
      input: { lessonId: called.lesson.id, studentId: called.student.id, status: "present", channel: "roll_call" },
    });
    t.clock.set(TEN + 1 * MIN);
    assert.match((await checkIn(called.phone, called.lesson.id, called.student.id)).text, /已于 09:59 签到/);
    assert.equal(called.deductions().length, 1);
    assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
  });

  it("checks in owing hours up to the school's limit; past it (or with none allowed) refuses and says to contact the advisor; an overdraft course accepts and shows the debt", async () => {
    t.clock.set(TEN - 5 * MIN);
    const short = await scene({ hours: 100 });
    const owed = await checkIn(short.phone, short.lesson.id, short.student.id);
    assert.equal(owed.status, 303, "a child in the room is recorded, owing what is missing");
    assert.match((await short.phone.get(owed.location ?? "")).text, /本节先记欠 1\.00 课时，请联系课程顾问续费/);
    assert.equal(short.deductions().length, 1);

    t.database.db.update(institutionSettings).set({ hoursOwedLessons: 0 }).run();
    const broke = await scene({ hours: 100 });
    const refused = await checkIn(broke.phone, broke.lesson.id, broke.student.id);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /课时不足/);
    assert.match(refused.text, /课时已用完，无法签到，请联系课程顾问续费/);
    assert.equal(broke.rows().length, 0);
    assert.equal(broke.deductions().length, 0);

    const owing = await scene({ hours: 0, allowOverdraft: true });
    const res = await checkIn(owing.phone, owing.lesson.id, owing.student.id);
    assert.equal(res.status, 303);
    const receipt = await owing.phone.get(res.location ?? "");
    assert.match(receipt.text, /签到成功/);
    assert.match(receipt.text, /本节先记欠 2\.00 课时，请联系课程顾问续费/);
    assert.equal(owing.deductions().length, 1);
    t.database.db.update(institutionSettings).set({ hoursOwedLessons: 2 }).run();
    assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
  });

  it("refuses a student not bound to this phone, a phone with no binding, a cancelled lesson and a student on leave", async () => {
    t.clock.set(TEN - 5 * MIN);
    const a = await scene();
    const b = await scene();
    const notMine = await checkIn(a.phone, a.lesson.id, b.student.id);
    assert.equal(notMine.status, 403);
    assert.match(notMine.text, /这台手机还没有绑定这名学员/);
    const stranger = await checkIn(phoneClient(t.baseUrl), a.lesson.id, a.student.id);
    assert.equal(stranger.status, 403);
    const bad = await a.phone.post(`/c/${tokenFor(a.lesson.id)}/checkin`, { studentId: "x" });
    assert.equal(bad.status, 400);

    t.database.db.update(lessons).set({ status: "cancelled", cancelReason: "停电" }).where(eq(lessons.id, b.lesson.id)).run();
    assert.match((await checkIn(b.phone, b.lesson.id, b.student.id)).text, /这节课已取消/);

    const onLeave = await scene();
    recordAttendance({ ctx: t.ctx, input: { lessonId: onLeave.lesson.id, studentId: onLeave.student.id, status: "leave", channel: "api" } });
    const leave = await checkIn(onLeave.phone, onLeave.lesson.id, onLeave.student.id);
    assert.equal(leave.status, 409);
    assert.match(leave.text, /已登记请假/);
    assert.equal(onLeave.rows()[0]?.status, "leave");
  });

  it("lets a student marked absent by the roll call check in when they arrive within the window", async () => {
    t.clock.set(TEN);
    const s = await scene();
    recordAttendance({ ctx: t.ctx, input: { lessonId: s.lesson.id, studentId: s.student.id, status: "absent", channel: "roll_call" } });
    t.clock.set(TEN + 8 * MIN);
    assert.equal((await checkIn(s.phone, s.lesson.id, s.student.id)).status, 303);
    assert.equal(s.rows()[0]?.status, "late");
    assert.equal(s.deductions().length, 1, "the absence deducted (policy deduct); arriving deducts nothing more");
    assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
  });

  it("takes plain urlencoded forms too (a browser running no script)", async () => {
    t.clock.set(TEN - 5 * MIN);
    const s = await scene();
    const form = (path: string, body: string) =>
      s.phone.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    const res = await form(`/c/${tokenFor(s.lesson.id)}/checkin`, `studentId=${s.student.id}`);
    assert.equal(res.status, 303);
    assert.equal(s.rows()[0]?.status, "present");
    const sibling = makeStudent(t.database.db, { campusId, name: "表单同学" });
    enroll(t.database.db, s.klass.id, sibling.id);
    const code = (await t.admin.post(`/api/v1/students/${sibling.id}/binding-codes`)).body.code;
    const bound = await form(`/c/${tokenFor(s.lesson.id)}/bind`, new URLSearchParams({ via: "code", code }).toString());
    assert.equal(bound.status, 303);
    assert.match((await s.phone.get(bound.location ?? "")).text, /已绑定 表单同学/);
  });
});
