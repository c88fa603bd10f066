// Limits on FAILED binding tries beyond the phone and the address: per lesson QR and school-wide for
// codes, each a lock-out answered 429 with Retry-After, listed for staff in plain words and lifted by
// them; a class binding on its first day from one Wi-Fi, typos included, trips none of them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditLog, bindingCodes, cardDeliveries, cards, rateLimits } from "../../server/db/schema";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeLesson, makeStaff, makeStudent, phoneClient } from "../helpers/factories";
import { startTestApp, T0 } from "../helpers/testApp";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** An app with two campuses, a class and two lessons in campus A, a lesson in campus B, and staff. */
async function world() {
  const t = await startTestApp();
  const db = t.database.db;
  const campusA = makeCampus(db).id;
  const campusB = makeCampus(db).id;
  const course = makeCourse(db);
  const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusA] });
  const klass = makeClass(db, { courseId: course.id, campusId: campusA, teacherId: teacher.id, name: "四年级英语C班" });
  const lesson = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + HOUR }).id;
  const other = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + 3 * HOUR }).id;
  const klassB = makeClass(db, { courseId: course.id, campusId: campusB, teacherId: makeStaff(db, { campusIds: [campusB] }).id });
  makeLesson(db, { classId: klassB.id, teacherId: klassB.teacherId, startsAt: T0 + HOUR });
  const admin = makeStaff(db, { roles: ["admin"] });
  const principalA = makeStaff(db, { roles: ["principal"], campusIds: [campusA] });
  const principalB = makeStaff(db, { roles: ["principal"], campusIds: [campusB] });
  t.clock.set(T0 + 50 * MIN);
  let phones = 0;
  /** A new phone on a new address, so the phone and address limits stay out of the way. */
  const phone = () => phoneClient(t.baseUrl, { address: `10.50.${Math.floor(++phones / 200)}.${phones % 200}` });
  const token = (lessonId: number) => signLessonToken(t.config.appSecret, lessonId, t.clock.now()).token;
  const student = (name: string, mobile?: string) => {
    const s = makeStudent(db, { campusId: campusA, name });
    enroll(db, klass.id, s.id);
    if (mobile) makeGuardian(db, s.id, { mobile });
    return s;
  };
  const issueCode = async (studentId: number): Promise<string> => (await t.admin.post(`/api/v1/students/${studentId}/binding-codes`)).body.code;
  const lockouts = async (staffId: number) => (await (await t.asStaff(staffId)).get("/api/v1/checkin/lockouts")).body.items as Record<string, unknown>[];
  return { t, db, klass, lesson, other, teacher, admin, principalA, principalB, phone, token, student, issueCode, lockouts };
}

describe("the per-lesson limit on failed binding tries", () => {
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    w = await world();
  });
  after(() => w.t.close());

  it("locks a lesson's QR after 60 failures in an hour (429 + Retry-After, even for a right code); other lessons bind; staff of its campus see it and lift it", async () => {
    const { t } = w;
    const s = w.student("韩梅梅");
    const code = await w.issueCode(s.id);
    const started = t.clock.now();
    for (let i = 0; i < 60; i++) {
      const res = await w.phone().post(`/c/${w.token(w.lesson)}/bind`, { via: "mobile", name: "不存在的学员", mobileLast4: "0000" });
      assert.equal(res.status, 409, `try ${i + 1}`);
      if (i % 20 === 19) t.clock.advance(5 * MIN);
    }
    const locked = await w.phone().post(`/c/${w.token(w.lesson)}/bind`, { via: "code", code });
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get("retry-after"), String((started + HOUR - t.clock.now()) / 1000));
    assert.match(locked.text, /这节课的签到页绑定失败次数过多，请在 10:50 之后再试/);
    assert.match(locked.text, /<html lang="zh-CN">/);
    assert.equal(t.database.db.select().from(bindingCodes).where(eq(bindingCodes.studentId, s.id)).get()?.usedAt, null, "the code was not looked at");
    const start = t.database.db.select().from(auditLog).where(eq(auditLog.action, "checkin.lockout.start")).all();
    assert.deepEqual(start.map((a) => [a.entityType, a.entityId]), [["lesson", w.lesson]], "the lock-out's start is audited");

    const sibling = w.student("韩磊");
    assert.equal((await w.phone().post(`/c/${w.token(w.other)}/bind`, { via: "code", code: await w.issueCode(sibling.id) })).status, 303, "another lesson binds");

    assert.equal((await t.anonymous.get("/api/v1/checkin/lockouts")).status, 401);
    assert.equal((await (await t.asStaff(w.teacher.id)).get("/api/v1/checkin/lockouts")).status, 403);
    const [entry, ...rest] = await w.lockouts(w.principalA.id);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { kind: entry?.kind, kindLabel: entry?.kindLabel, label: entry?.label, failures: entry?.failures, limit: entry?.limit, until: entry?.until, untilText: entry?.untilText, lessonId: entry?.lessonId },
      { kind: "lesson", kindLabel: "课堂", label: "四年级英语C班 · 3月2日 10:00–12:00", failures: 60, limit: 60, until: started + HOUR, untilText: "10:50", lessonId: w.lesson },
    );
    assert.match(String(entry?.effect), /签到二维码页暂时不能绑定手机/);
    assert.deepEqual(await w.lockouts(w.principalB.id), [], "another campus's principal does not see it");
    const key = encodeURIComponent(String(entry?.key));
    assert.equal((await (await t.asStaff(w.principalB.id)).delete(`/api/v1/checkin/lockouts/${key}`)).status, 404);
    assert.equal((await (await t.asStaff(w.teacher.id)).delete(`/api/v1/checkin/lockouts/${key}`)).status, 403);
    assert.equal((await (await t.asStaff(w.principalA.id)).delete(`/api/v1/checkin/lockouts/${key}`)).status, 204);
    assert.equal((await (await t.asStaff(w.principalA.id)).delete(`/api/v1/checkin/lockouts/${key}`)).status, 404, "nothing left to lift");
    const lift = t.database.db.select().from(auditLog).where(eq(auditLog.action, "checkin.lockout.lift")).get();
    assert.equal(lift?.actorId, w.principalA.id);
    assert.equal(lift?.entityId, w.lesson);
    assert.deepEqual(await w.lockouts(w.admin.id), []);
    assert.equal((await w.phone().post(`/c/${w.token(w.lesson)}/bind`, { via: "code", code })).status, 303, "lifted: the lesson binds again");
  });
});

describe("the school-wide limit on failed binding codes", () => {
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    w = await world();
  });
  after(() => w.t.close());

  it("stops codes on every page after 100 wrong ones in an hour, leaves name + mobile working, tells the admins, and is lifted by staff", async () => {
    const { t } = w;
    const s = w.student("李雷");
    const code = await w.issueCode(s.id);
    const wrong = code === "9999999999" ? "9999999998" : "9999999999";
    const started = t.clock.now();
    for (let i = 0; i < 100; i++) {
      const res = await w.phone().post("/bind", { code: wrong });
      assert.equal(res.status, 409, `try ${i + 1}`);
    }
    t.clock.advance(10 * MIN);
    const onBindPage = await w.phone().post("/bind", { code });
    assert.equal(onBindPage.status, 429);
    assert.equal(onBindPage.headers.get("retry-after"), String(50 * 60));
    assert.match(onBindPage.text, /全校近一小时输错绑定码的次数过多，绑定码暂停使用，请在 10:50 之后再试/);
    const onLessonPage = await w.phone().post(`/c/${w.token(w.lesson)}/bind`, { via: "code", code });
    assert.equal(onLessonPage.status, 429);
    assert.equal(onLessonPage.headers.get("retry-after"), String(50 * 60));

    const other = w.student("林涛", "13900008888");
    assert.equal((await w.phone().post(`/c/${w.token(w.lesson)}/bind`, { via: "mobile", name: "林涛", mobileLast4: "8888" })).status, 303, "name + mobile digits still bind");
    assert.ok(other.id);

    const notices = t.database.db.select().from(cards).where(eq(cards.refType, "binding_lockout")).all();
    assert.equal(notices.length, 1, "one card for one lock-out");
    assert.match(JSON.stringify(notices[0]?.model), /手机绑定码已暂停使用/);
    const to = t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, notices[0]?.id ?? 0)).all();
    assert.deepEqual(to.map((d) => d.staffId), [w.admin.id], "to the active admins");

    const [entry] = await w.lockouts(w.principalB.id);
    assert.deepEqual(
      { kind: entry?.kind, kindLabel: entry?.kindLabel, label: entry?.label, failures: entry?.failures, until: entry?.until },
      { kind: "codes", kindLabel: "全校", label: "绑定码", failures: 100, until: started + HOUR },
      "every campus sees the school-wide lock",
    );
    assert.equal((await (await t.asStaff(w.principalB.id)).delete(`/api/v1/checkin/lockouts/${encodeURIComponent(String(entry?.key))}`)).status, 204);
    const bound = await w.phone().post("/bind", { code });
    assert.equal(bound.status, 200, bound.text);
    assert.match(bound.text, /已绑定 李雷/);
    assert.equal(t.database.db.select().from(rateLimits).where(and(eq(rateLimits.key, "bind:codes"))).get(), undefined, "the counter starts again from zero");
  });
});

describe("a class binding on its first day", () => {
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    w = await world();
  });
  after(() => w.t.close());

  it("30 children on the school's Wi-Fi, one in six mistyping once, over a QR that moves on: all bound, nothing locked", async () => {
    const { t } = w;
    const kids = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
      const s = w.student(`一年级${i + 1}号`);
      return { s, code: await w.issueCode(s.id) };
    }));
    for (const [i, kid] of kids.entries()) {
      const p = phoneClient(t.baseUrl, { address: "10.60.0.1" });
      const page = await p.get(`/c/${w.token(w.lesson)}`);
      assert.equal(page.status, 200);
      const action = (/action="([^"]+\/bind\?ticket=[^"]+)"/.exec(page.text)?.[1] ?? "").replace(/&amp;/g, "&");
      t.clock.advance(40_000);
      if (i % 6 === 0) {
        const typo = `${kid.code.slice(0, 9)}${(Number(kid.code.slice(9)) + 1) % 10}`;
        assert.equal((await p.post(action, { via: "code", code: typo })).status, 409);
      }
      const res = await p.post(action, { via: "code", code: `${kid.code.slice(0, 5)} ${kid.code.slice(5)}` });
      assert.equal(res.status, 303, `child ${i + 1}: ${res.text}`);
    }
    assert.deepEqual(await w.lockouts(w.admin.id), []);
    const count = (key: string) => t.database.db.select().from(rateLimits).where(eq(rateLimits.key, key)).get()?.count;
    assert.equal(count(`bind:lesson:${w.lesson}`), 5, "only the typos counted");
    assert.equal(count("bind:codes"), 5);
  });
});
