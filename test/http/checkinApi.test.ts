// The check-in API: the rotating QR for the teacher's screen, binding codes, the personal QR image
// (PNG and SVG) and the staff scan (forged, one lesson, several lessons to choose from, none).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { attendance, auditLog, bindingCodes, ledgerOps } from "../../server/db/schema";
import { SLOT_MS, verifyLessonToken } from "../../server/domain/checkin/lessonToken";
import { studentCode } from "../../server/domain/checkin/studentCode";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { reconcile } from "../../server/domain/reports/reconcile";
import { enroll, makeCampus, makeClass, makeCourse, makeLesson, makeStaff, makeStudent } from "../helpers/factories";
import { ADMIN_TOKEN, startTestApp, T0, type TestApp } from "../helpers/testApp";

const MIN = 60_000;
const HOUR = 60 * MIN;
const TEN = T0 + HOUR;

describe("check-in API", () => {
  let t: TestApp;
  let campusId: number;
  let teacher: { id: number };
  let seq = 0;
  const give = (studentId: number, courseId: number, hours = 1000) =>
    creditGift(t.ctx, { studentId, courseId, hours, key: `g:${studentId}:${courseId}:${++seq}`, reason: "赠送", refType: "manual", expiresAt: null });
  /** A class taught by `teacherId` with one lesson at `startsAt`. */
  const lessonOf = (o: { teacherId?: number; startsAt?: number; allowOverdraft?: boolean; name?: string } = {}) => {
    const db = t.database.db;
    const course = makeCourse(db, { name: `课程API${++seq}`, allowOverdraft: o.allowOverdraft ?? false });
    const teacherId = o.teacherId ?? teacher.id;
    const klass = makeClass(db, { courseId: course.id, campusId, teacherId, name: o.name ?? `班级API${seq}` });
    const lesson = makeLesson(db, { classId: klass.id, teacherId, startsAt: o.startsAt ?? TEN });
    return { course, klass, lesson };
  };

  before(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: "https://xg.example.com" });
    campusId = makeCampus(t.database.db).id;
    teacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusId] });
  });
  after(() => t.close());

  describe("GET /api/v1/lessons/:id/checkin-qr", () => {
    it("walks 401 → 404 (not your lesson) → 200 with a token, its URL, the slot's end and an SVG", async () => {
      const { lesson } = lessonOf();
      const path = `/api/v1/lessons/${lesson.id}/checkin-qr`;
      assert.equal((await t.anonymous.get(path)).status, 401);
      const stranger = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusId] });
      assert.equal((await (await t.asStaff(stranger.id)).get(path)).status, 404);
      const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campusId] });
      assert.equal((await (await t.asStaff(finance.id)).get(path)).status, 403);

      const slotStart = Math.floor(TEN / SLOT_MS) * SLOT_MS;
      t.clock.set(slotStart + 4000);
      const asTeacher = await t.asStaff(teacher.id);
      const res = await asTeacher.get(path);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.headers.get("cache-control"), "no-store");
      const { token, url, expiresAt, refreshInMs, svg } = res.body;
      assert.deepEqual(verifyLessonToken(t.config.appSecret, token, t.clock.now()), { ok: true, lessonId: lesson.id, slot: slotStart / SLOT_MS });
      assert.equal(url, `https://xg.example.com/c/${token}`);
      assert.ok(url.length < 60, "a short URL keeps the QR small");
      assert.equal(expiresAt, slotStart + SLOT_MS);
      assert.equal(refreshInMs, SLOT_MS - 4000);
      assert.equal(res.body.acceptedUntil, slotStart + 2 * SLOT_MS);
      assert.equal(svg, await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }));
      assert.equal(res.body.lesson.id, lesson.id);
      assert.equal(res.body.checkin.opensAt, TEN - 30 * MIN);

      t.clock.set(slotStart + SLOT_MS);
      const next = await asTeacher.get(path);
      assert.notEqual(next.body.token, token, "a new token every 15 s");
      assert.equal(next.body.refreshInMs, SLOT_MS);
      const admin = await t.admin.get(path);
      assert.equal(admin.status, 200, "staff allowed by lessonForAttendance");
    });
  });

  describe("POST /api/v1/students/:id/binding-codes", () => {
    it("walks 401 → 404 (out of scope) → 201 with a 10-digit code (shown grouped) valid 7 days, stored hashed and audited", async () => {
      const student = makeStudent(t.database.db, { campusId });
      const path = `/api/v1/students/${student.id}/binding-codes`;
      assert.equal((await t.anonymous.post(path)).status, 401);
      assert.equal((await (await t.asStaff(teacher.id)).post(path)).status, 404, "a teacher sees only the students of their classes");
      const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campusId] });
      assert.equal((await (await t.asStaff(advisor.id)).post(path)).status, 404, "not the advisor's student");
      const head = makeStaff(t.database.db, { roles: ["head_teacher"], campusIds: [campusId] });
      const mine = makeStudent(t.database.db, { campusId, headTeacherId: head.id });
      t.clock.set(TEN);
      const res = await (await t.asStaff(head.id)).post(`/api/v1/students/${mine.id}/binding-codes`);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.code, /^\d{10}$/);
      assert.equal(res.body.codeText, `${res.body.code.slice(0, 5)} ${res.body.code.slice(5)}`);
      assert.equal(res.body.bindUrl, `${t.config.publicBaseUrl}/bind?code=${res.body.code}`);
      assert.equal(res.body.expiresAt, TEN + 7 * 24 * HOUR);
      const row = t.database.db.select().from(bindingCodes).where(eq(bindingCodes.studentId, mine.id)).get();
      assert.ok(row && !row.codeHash.includes(res.body.code) && row.createdById === head.id);
      const audit = t.database.db.select().from(auditLog).where(eq(auditLog.action, "student.binding_code.issue")).all();
      assert.equal(audit.at(-1)?.entityId, mine.id);
      assert.doesNotMatch(audit.at(-1)?.details ?? "", new RegExp(res.body.code), "the code is not in the audit log");
    });
  });

  describe("GET /api/v1/students/:id/qr", () => {
    it("answers a PNG or an SVG of the student's signed code, for staff who may see the student", async () => {
      const student = makeStudent(t.database.db, { campusId });
      const path = `/api/v1/students/${student.id}/qr`;
      assert.equal((await t.anonymous.get(path)).status, 401);
      const outsider = makeStaff(t.database.db, { roles: ["advisor"] });
      assert.equal((await (await t.asStaff(outsider.id)).get(path)).status, 404);
      assert.equal((await t.admin.get(`${path}?format=gif`)).status, 400);

      const png = await fetch(`${t.baseUrl}${path}?format=png`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      assert.equal(png.status, 200);
      assert.equal(png.headers.get("content-type"), "image/png");
      assert.match(png.headers.get("content-disposition") ?? "", new RegExp(`student-${student.id}-qr\\.png`));
      const bytes = Buffer.from(await png.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
      const code = studentCode(t.config.appSecret, student.id);
      assert.deepEqual(bytes, await QRCode.toBuffer(code, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 480 }));
      assert.equal((await t.admin.get(path)).headers.get("content-type"), "image/png", "PNG by default");

      const svg = await t.admin.get(`${path}?format=svg`);
      assert.equal(svg.status, 200);
      assert.equal(svg.headers.get("content-type"), "image/svg+xml");
      assert.match(svg.body, /^<svg /);
      assert.equal(svg.body, await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2 }));
    });
  });

  describe("POST /api/v1/checkin/scan", () => {
    it("walks 401 → 403 → 400 (forged code) → 200 for the one open lesson → 409 already checked in", async () => {
      t.clock.set(TEN - 10 * MIN);
      const { course, lesson, klass } = lessonOf({ name: "前台扫码班" });
      const student = makeStudent(t.database.db, { campusId, name: "扫码学员" });
      enroll(t.database.db, klass.id, student.id);
      give(student.id, course.id);
      const code = studentCode(t.config.appSecret, student.id);
      assert.equal((await t.anonymous.post("/api/v1/checkin/scan", { code })).status, 401);
      const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campusId] });
      assert.equal((await (await t.asStaff(finance.id)).post("/api/v1/checkin/scan", { code })).status, 403);
      const desk = await t.asStaff(makeStaff(t.database.db, { roles: ["service"], campusIds: [campusId] }).id);
      const forged = await desk.post("/api/v1/checkin/scan", { code: code.replace(`.${student.id}.`, `.${student.id + 1}.`) });
      assert.equal(forged.status, 400);
      assert.equal(forged.body.error.details.reason, "forged");
      assert.match(forged.body.error.message, /不是有效的学员码/);
      assert.equal((await desk.post("/api/v1/checkin/scan", { code: "" })).status, 400);
      const classroom = await desk.post("/api/v1/checkin/scan", { code: `https://xg.example.com/c/${"A".repeat(19)}` });
      assert.match(classroom.body.error.message, /这是课堂签到二维码/, "a classroom QR scanned by mistake is named");

      const res = await desk.post("/api/v1/checkin/scan", { code });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.student.name, "扫码学员");
      assert.equal(res.body.lesson.id, lesson.id);
      assert.equal(res.body.lesson.className, "前台扫码班");
      assert.equal(res.body.status, "present");
      assert.equal(res.body.channel, "qr_staff_scan");
      assert.equal(res.body.checkedInAt, TEN - 10 * MIN);
      assert.equal(res.body.balanceHours, 800);
      assert.equal(res.body.balanceHoursText, "8.00");
      assert.equal(res.body.owedHours, 0);

      t.clock.set(TEN + 10 * MIN);
      const again = await desk.post("/api/v1/checkin/scan", { code });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.details.reason, "already_checked_in");
      assert.match(again.body.error.message, /已于 09:50 签到，不会重复扣课时/);
      const deductions = t.database.db.select().from(ledgerOps).where(and(eq(ledgerOps.studentId, student.id), eq(ledgerOps.refType, "attendance"))).all();
      assert.equal(deductions.length, 1);
    });

    it("answers 409 with nothing open, and 409 with the choices when several lessons are open; the chosen one records", async () => {
      t.clock.set(TEN - 20 * MIN);
      const student = makeStudent(t.database.db, { campusId, name: "两节课" });
      const code = studentCode(t.config.appSecret, student.id);
      const none = await t.admin.post("/api/v1/checkin/scan", { code });
      assert.equal(none.status, 409);
      assert.equal(none.body.error.details.reason, "no_open_lesson");

      const a = lessonOf({ name: "书法班", startsAt: TEN });
      const otherTeacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusId] });
      const b = lessonOf({ name: "围棋班", startsAt: TEN + 5 * MIN, teacherId: otherTeacher.id });
      const later = lessonOf({ name: "晚上的班", startsAt: TEN + 3 * HOUR });
      for (const x of [a, b, later]) {
        enroll(t.database.db, x.klass.id, student.id);
        give(student.id, x.course.id);
      }
      const several = await t.admin.post("/api/v1/checkin/scan", { code });
      assert.equal(several.status, 409);
      assert.equal(several.body.error.details.reason, "choose_lesson");
      assert.deepEqual(several.body.error.details.choices, [
        { lessonId: a.lesson.id, className: "书法班", startsAt: TEN },
        { lessonId: b.lesson.id, className: "围棋班", startsAt: TEN + 5 * MIN },
      ]);
      assert.equal(t.database.db.select().from(attendance).where(eq(attendance.studentId, student.id)).all().length, 0);

      const chosen = await t.admin.post("/api/v1/checkin/scan", { code, lessonId: b.lesson.id });
      assert.equal(chosen.status, 200);
      assert.equal(chosen.body.lesson.className, "围棋班");
      const notOpen = await t.admin.post("/api/v1/checkin/scan", { code, lessonId: later.lesson.id });
      assert.equal(notOpen.status, 409);
      assert.equal(notOpen.body.error.details.reason, "not_open");

      const teacherOfA = await t.asStaff(teacher.id);
      const onlyMine = await teacherOfA.post("/api/v1/checkin/scan", { code });
      assert.equal(onlyMine.status, 200, "a teacher is offered only the lessons they may take");
      assert.equal(onlyMine.body.lesson.className, "书法班");
      assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
    });

    it("refuses with no hours left when no hours may be owed, and records with the debt shown on an overdraft course", async () => {
      t.clock.set(TEN - 5 * MIN);
      assert.equal((await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 0 })).status, 200);
      const strict = lessonOf({ startsAt: TEN });
      const broke = makeStudent(t.database.db, { campusId });
      enroll(t.database.db, strict.klass.id, broke.id);
      const refused = await t.admin.post("/api/v1/checkin/scan", { code: studentCode(t.config.appSecret, broke.id) });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.details.reason, "no_hours");
      assert.match(refused.body.error.message, /请联系课程顾问/);

      const lenient = lessonOf({ startsAt: TEN, allowOverdraft: true });
      const owing = makeStudent(t.database.db, { campusId });
      enroll(t.database.db, lenient.klass.id, owing.id);
      const res = await t.admin.post("/api/v1/checkin/scan", { code: studentCode(t.config.appSecret, owing.id) });
      assert.equal(res.status, 200);
      assert.equal(res.body.balanceHours, -200);
      assert.equal(res.body.owedHours, 200);
      assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
      assert.equal((await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 2 })).status, 200);
    });
  });
});
