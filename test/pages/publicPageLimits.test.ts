// Rate limits on the public phone pages (/c/, /l/, /bind): per client address across all of them, per
// lesson QR and per leave link once genuine; 429 with a zh-CN page and Retry-After; a class of 40 on
// one Wi-Fi address checking in is never limited.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { signLeaveLink } from "../../server/domain/leave/leaveLink";
import { PAGE_LIMITS } from "../../server/http/pages/publicPageLimits";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeLesson, makeStaff, makeStudent, phoneClient } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** `n` requests, 50 at a time; their statuses. */
async function burst(n: number, send: (i: number) => Promise<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => send(i + k)));
    statuses.push(...batch.map((r) => r.status));
  }
  return statuses;
}

describe("rate limits on the public pages", () => {
  let t: TestApp;
  let campusId: number;
  let teacherId: number;
  let seq = 0;
  const lesson = (o: { allowOverdraft?: boolean } = {}) => {
    const db = t.database.db;
    const course = makeCourse(db, { name: `课程${++seq}`, allowOverdraft: o.allowOverdraft ?? false });
    const klass = makeClass(db, { courseId: course.id, campusId, teacherId, name: `班级${seq}` });
    return { klass, lesson: makeLesson(db, { classId: klass.id, teacherId, startsAt: T0 + HOUR }) };
  };
  const token = (lessonId: number) => signLessonToken(t.config.appSecret, lessonId, t.clock.now()).token;

  before(async () => {
    t = await startTestApp();
    campusId = makeCampus(t.database.db).id;
    teacherId = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusId] }).id;
  });
  after(() => t.close());

  it("per address: 1,200 requests a minute over /c/, /l/ and /bind together, then 429 with Retry-After; other addresses are not affected", async () => {
    t.clock.set(T0);
    assert.equal(PAGE_LIMITS.address.limit, 1200);
    const flood = phoneClient(t.baseUrl, { address: "10.70.0.1" });
    const paths = ["/c/AAAAAAAAAAAAAAAAAAA", "/l/not-a-link", "/bind"];
    const statuses = await burst(1200, (i) => flood.get(paths[i % 3] ?? "/bind"));
    assert.ok(statuses.every((s) => s !== 429), "the first 1,200 are answered");
    t.clock.advance(20_000);
    for (const path of paths) {
      const refused = await flood.get(path);
      assert.equal(refused.status, 429, path);
      assert.equal(refused.headers.get("retry-after"), "40");
      assert.match(refused.headers.get("content-type") ?? "", /text\/html/);
      assert.match(refused.text, /<html lang="zh-CN">/);
      assert.match(refused.text, /访问太频繁，请 40 秒后再试/);
    }
    assert.equal((await flood.post(`/c/${token(lesson().lesson.id)}/bind`, { via: "code", code: "1234567890" })).status, 429, "a POST too");
    assert.equal((await phoneClient(t.baseUrl, { address: "10.70.0.2" }).get("/bind")).status, 200, "another address");
    t.clock.advance(40_000);
    assert.equal((await flood.get("/bind")).status, 200, "a new minute");
  });

  it("per lesson QR: 1,000 requests a minute from any addresses, then 429; another lesson is not affected; a forged token counts for no lesson", async () => {
    t.clock.set(T0 + 50 * MIN);
    const busy = lesson().lesson.id;
    const quiet = lesson().lesson.id;
    const statuses = await burst(1000, (i) => phoneClient(t.baseUrl, { address: `10.71.${Math.floor(i / 100)}.1` }).get(`/c/${token(busy)}`));
    assert.ok(statuses.every((s) => s === 200), [...new Set(statuses)].join(","));
    const from = phoneClient(t.baseUrl, { address: "10.71.99.1" });
    const refused = await from.get(`/c/${token(busy)}`);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "60");
    assert.equal((await from.post(`/c/${token(busy)}/checkin`, { studentId: 1 })).status, 429, "checking in on that lesson too");
    assert.equal((await from.get(`/c/${token(quiet)}`)).status, 200);
  });

  it("per leave link: 60 requests in 10 minutes, then 429; another family's link is not affected", async () => {
    t.clock.set(T0);
    const db = t.database.db;
    const link = () => {
      const s = makeStudent(db, { campusId });
      const g = makeGuardian(db, s.id, { mobile: `1370000${String(++seq).padStart(4, "0")}` });
      return signLeaveLink(t.config.appSecret, { studentId: s.id, guardianId: g.id, expiresAt: T0 + 14 * DAY });
    };
    const mine = link();
    const statuses = await burst(60, (i) => phoneClient(t.baseUrl, { address: `10.72.0.${i}` }).get(`/l/${mine}`));
    assert.ok(statuses.every((s) => s === 200), [...new Set(statuses)].join(","));
    const refused = await phoneClient(t.baseUrl, { address: "10.72.1.1" }).get(`/l/${mine}`);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "600");
    assert.match(refused.text, /访问太频繁，请在 09:10 之后再试/);
    assert.match(refused.text, /学管请假/);
    assert.equal((await phoneClient(t.baseUrl, { address: "10.72.1.1" }).get(`/l/${link()}`)).status, 200);
  });

  it("a class of 40 on the school's Wi-Fi (one address) binds, checks in and reads the receipt without a single 429", async () => {
    t.clock.set(T0 + 50 * MIN);
    const { klass, lesson: l } = lesson({ allowOverdraft: true });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = makeStudent(t.database.db, { campusId, name: `学生${i + 1}` });
      enroll(t.database.db, klass.id, s.id);
      const code = (await t.admin.post(`/api/v1/students/${s.id}/binding-codes`)).body.code;
      const p = phoneClient(t.baseUrl, { address: "10.73.0.1" });
      const page = await p.get(`/c/${token(l.id)}`);
      const bound = await p.post(`/c/${token(l.id)}/bind`, { via: "code", code });
      const again = await p.get(bound.location ?? "");
      const checked = await p.post(`/c/${token(l.id)}/checkin`, { studentId: s.id });
      const receipt = await p.get(checked.location ?? "");
      const reload = await p.get(`/c/${token(l.id)}`);
      statuses.push(page.status, bound.status, again.status, checked.status, receipt.status, reload.status);
      t.clock.advance(5_000);
    }
    assert.equal(statuses.filter((s) => s === 429).length, 0);
    assert.deepEqual([...new Set(statuses)].sort(), [200, 303]);
  });
});

describe("rate limits without a trusted proxy (TRUST_PROXY=0, the default)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ TRUST_PROXY: "0" });
  });
  after(() => t.close());

  it("a forged X-Forwarded-For buys no fresh budget: page views and failed binding tries count against the socket's address", async () => {
    const forged = (i: number) => phoneClient(t.baseUrl, { address: `203.0.113.${i % 250}` });
    const statuses = await burst(1200, (i) => forged(i).get("/bind"));
    assert.ok(statuses.every((s) => s === 200));
    assert.equal((await forged(7).get("/bind")).status, 429, "page views");

    t.clock.advance(MIN);
    for (let i = 0; i < 60; i++) assert.equal((await forged(i).post("/bind", { code: "9999999999" })).status, 409, `try ${i + 1}`);
    const refused = await forged(99).post("/bind", { code: "9999999998" });
    assert.equal(refused.status, 429, "failed binding tries");
    assert.match(refused.text, /尝试次数过多/);
  });
});
