// Binding a phone on the classroom QR page: the signed device cookie, one-time binding codes, name +
// guardian mobile digits, the rate limits per device and per student, and siblings on one phone.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { bindingCodes, deviceStudents, devices, rateLimits } from "../../server/db/schema";
import { signBindTicket } from "../../server/domain/checkin/bindTicket";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { enroll, makeCampus, makeClass, makeCourse, makeGuardian, makeLesson, makeStaff, makeStudent, phoneClient } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

const MIN = 60_000;
const HOUR = 60 * MIN;

type Phone = ReturnType<typeof phoneClient>;
/** Where a page's (first) bind form posts: the lesson's bind address with the page's ticket. */
const formAction = (html: string) => (/<form method="post" action="([^"]+\/bind\?ticket=[^"]+)"/.exec(html)?.[1] ?? "").replace(/&amp;/g, "&");

describe("binding a phone on the check-in page", () => {
  let t: TestApp;
  let lessonId: number;
  let classId: number;
  let campusId: number;
  let teacherId: number;
  let addressSeq = 0;
  /** Each test binds from its own client address, so the per-address limit stays out of the way. */
  let address = "";
  const token = () => signLessonToken(t.config.appSecret, lessonId, t.clock.now()).token;
  const phone = (): Phone => phoneClient(t.baseUrl, { address });
  const student = (name: string, mobile?: string) => {
    const s = makeStudent(t.database.db, { campusId, name });
    enroll(t.database.db, classId, s.id);
    if (mobile) makeGuardian(t.database.db, s.id, { mobile });
    return s;
  };
  const issueCode = async (studentId: number): Promise<string> => {
    const res = await t.admin.post(`/api/v1/students/${studentId}/binding-codes`);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.code;
  };
  const bindCode = (p: Phone, code: string) => p.post(`/c/${token()}/bind`, { via: "code", code });
  const bindMobile = (p: Phone, name: string, mobileLast4: string) => p.post(`/c/${token()}/bind`, { via: "mobile", name, mobileLast4 });

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    campusId = makeCampus(db).id;
    const course = makeCourse(db);
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campusId] });
    classId = makeClass(db, { courseId: course.id, campusId, teacherId: teacher.id, name: "三年级数学A班" }).id;
    teacherId = teacher.id;
    lessonId = makeLesson(db, { classId, teacherId, startsAt: T0 + HOUR }).id;
  });
  beforeEach(() => {
    t.clock.set(T0 + 50 * MIN);
    address = `10.0.0.${++addressSeq}`;
  });
  after(() => t.close());

  it("shows the lesson and the bind form to a new phone", async () => {
    const res = await phone().get(`/c/${token()}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.match(res.text, /<html lang="zh-CN">/);
    assert.match(res.text, /三年级数学A班/);
    assert.match(res.text, /3月2日 10:00–12:00/);
    assert.match(res.text, /第一次使用：绑定学员/);
    assert.match(res.text, /name="code"/);
    assert.match(res.text, /name="mobileLast4"/);
  });

  it("binds with a one-time code and sets a long-lived signed httpOnly SameSite=Lax cookie", async () => {
    const s = student("王小明");
    const p = phone();
    const res = await bindCode(p, await issueCode(s.id));
    assert.equal(res.status, 303);
    assert.match(res.location ?? "", new RegExp(`^/c/[A-Za-z0-9_-]+\\?bound=${s.id}$`));
    const cookies = res.headers.getSetCookie();
    const device = cookies.find((c) => c.startsWith("xg_device="));
    assert.ok(device, cookies.join("\n"));
    assert.match(device, /httponly/i);
    assert.match(device, /samesite=lax/i);
    assert.doesNotMatch(device, /secure/i, "http in tests");
    const expires = Date.parse(/expires=([^;]+)/i.exec(device)?.[1] ?? "");
    assert.ok(expires - Date.now() > 360 * 24 * HOUR, "about a year");
    assert.ok(cookies.some((c) => c.startsWith("xg_device.sig=")), "signed");
    const [deviceId, secret] = (p.jar.get("xg_device") ?? "").split(".");
    const row = t.database.db.select().from(devices).where(eq(devices.id, Number(deviceId))).get();
    assert.ok(row && secret && row.secretHash !== secret && row.secretHash.length === 64, "only the hash is stored");
    assert.match(row.userAgent, /MicroMessenger/);

    const page = await p.get(res.location ?? "");
    assert.match(page.text, /已绑定 王小明/);
    assert.match(page.text, /为 王小明 签到/);
    const tampered = phoneClient(t.baseUrl);
    tampered.jar.set("xg_device", `${deviceId}.${"x".repeat(32)}`);
    tampered.jar.set("xg_device.sig", p.jar.get("xg_device.sig") ?? "");
    assert.match((await tampered.get(`/c/${token()}`)).text, /第一次使用/, "a cookie whose signature does not match is ignored");
  });

  it("refuses a binding code the second time it is used", async () => {
    const s = student("李小红");
    const code = await issueCode(s.id);
    assert.equal((await bindCode(phone(), code)).status, 303);
    const again = await bindCode(phone(), code);
    assert.equal(again.status, 409);
    assert.match(again.text, /绑定码已用过/);
    assert.match(again.text, /这个绑定码已经用过了/);
    assert.equal(t.database.db.select().from(deviceStudents).where(eq(deviceStudents.studentId, s.id)).all().length, 1);
    const stored = t.database.db.select().from(bindingCodes).where(eq(bindingCodes.studentId, s.id)).get();
    assert.ok(stored && stored.codeHash !== code && !stored.codeHash.includes(code) && stored.usedAt !== null);
  });

  it("refuses a wrong or expired code, keeps older codes valid until used, and accepts full-width digits and spaces", async () => {
    const s = student("赵小龙");
    const first = await issueCode(s.id);
    const second = await issueCode(s.id);
    const wrong = await bindCode(phone(), first === "0000000000" ? "0000000001" : "0000000000");
    assert.equal(wrong.status, 409);
    assert.match(wrong.text, /绑定码不正确/);
    assert.match(wrong.text, /name="code"/, "the form is there to try again");
    const fullWidth = `${first.slice(0, 5)}\u3000${first.slice(5)}`.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    assert.equal((await bindCode(phone(), fullWidth)).status, 303, "the first code still works after a second was issued, typed full-width with a space");
    t.clock.advance(7 * 24 * HOUR);
    const late = await bindCode(phone(), second);
    assert.match(late.text, /已过期（有效期 7 天）/);
    const bad = await bindCode(phone(), "12a");
    assert.equal(bad.status, 400);
    assert.match(bad.text, /绑定码是 10 位数字/);
  });

  it("codes are 10 random digits; a 6-digit code from before is refused as such, without a lookup or a count", async () => {
    const s = student("冯小北");
    const codes = await Promise.all([1, 2, 3].map(() => issueCode(s.id)));
    for (const code of codes) assert.match(code, /^\d{10}$/);
    assert.equal(new Set(codes).size, 3);
    const before = t.database.db.select().from(rateLimits).all();
    const old = await bindCode(phone(), "123456");
    assert.equal(old.status, 400);
    assert.match(old.text, /绑定码已升级为 10 位数字/);
    assert.deepEqual(t.database.db.select().from(rateLimits).all(), before);
  });

  it("binds with the student's exact name and the last 4 digits of any guardian's mobile", async () => {
    const s = student("陈思远", "13800001111");
    makeGuardian(t.database.db, s.id, { mobile: "13900002222", relation: "father", isPrimary: false });
    const p = phone();
    assert.equal((await bindMobile(p, "陈思远", "2222")).status, 303, "the father's mobile works too");
    const wrongName = await bindMobile(phone(), "陈思", "1111");
    assert.equal(wrongName.status, 409);
    assert.match(wrongName.text, /学员姓名或家长手机号后 4 位不对/);
    assert.match(wrongName.text, /value="陈思"/, "the name typed is kept in the form");
    assert.equal((await bindMobile(phone(), "陈思远", "3333")).status, 409);
    const twin = student("陈思远", "13700001111");
    const ambiguous = await bindMobile(phone(), "陈思远", "1111");
    assert.match(ambiguous.text, /有同名学员/);
    assert.ok(twin.id > s.id);
  });

  it("rate-limits tries per phone: the sixth in 15 minutes is refused with when to try again", async () => {
    const s = student("周子涵", "13812345678");
    const p = phone();
    for (let i = 0; i < 5; i++) assert.equal((await bindMobile(p, "周子涵", "0000")).status, 409);
    const refused = await bindMobile(p, "周子涵", "5678");
    assert.equal(refused.status, 429, "even the right digits");
    assert.match(refused.text, /尝试次数过多，请在 10:05 之后再试/);
    assert.equal(refused.headers.get("retry-after"), "900");
    assert.equal(t.database.db.select().from(deviceStudents).where(eq(deviceStudents.studentId, s.id)).all().length, 0);
    t.clock.advance(15 * MIN);
    assert.equal((await bindMobile(p, "周子涵", "5678")).status, 303, "a new window");
  });

  it("rate-limits failed tries per student across phones: the 11th in a day is refused, another student is not", async () => {
    const s = student("吴雨桐", "13887654321");
    const other = student("郑浩然", "13811112222");
    for (let i = 0; i < 10; i++) {
      const p = phoneClient(t.baseUrl, { address: `10.1.${addressSeq}.${i}` });
      assert.equal((await bindMobile(p, "吴雨桐", String(1000 + i))).status, 409);
    }
    const fresh = phone();
    const refused = await bindMobile(fresh, "吴雨桐", "4321");
    assert.equal(refused.status, 429);
    assert.match(refused.text, /尝试次数过多，请在 3月3日 09:50 之后再试/);
    assert.equal((await bindMobile(fresh, "郑浩然", "2222")).status, 303, "another student binds from the same phone");
    assert.equal(t.database.db.select().from(deviceStudents).where(eq(deviceStudents.studentId, s.id)).all().length, 0);
    assert.equal(t.database.db.select().from(deviceStudents).where(eq(deviceStudents.studentId, other.id)).all().length, 1);
    t.clock.advance(24 * HOUR);
    assert.equal((await bindMobile(phone(), "吴雨桐", "4321")).status, 303);
  });

  it("holds siblings on one phone and asks which one is checking in", async () => {
    const elder = student("孙一诺");
    const younger = student("孙一凡");
    const p = phone();
    await bindCode(p, await issueCode(elder.id));
    await bindCode(p, await issueCode(younger.id));
    const again = await bindCode(p, await issueCode(younger.id));
    assert.equal(again.status, 303, "binding the same student again is harmless");
    const page = await p.get(`/c/${token()}`);
    assert.match(page.text, /谁来签到？/);
    assert.match(page.text, /为 孙一诺 签到/);
    assert.match(page.text, /为 孙一凡 签到/);
    assert.match(page.text, /添加另一位学员/);
    const deviceId = Number((p.jar.get("xg_device") ?? "").split(".")[0]);
    assert.equal(t.database.db.select().from(deviceStudents).where(eq(deviceStudents.deviceId, deviceId)).all().length, 2);
  });

  it("still binds with the page's ticket when the QR moved on while the code was typed, then asks for a fresh scan", async () => {
    const s = student("钱多多");
    const p = phone();
    const action = formAction((await p.get(`/c/${token()}`)).text);
    assert.match(action, /^\/c\/[A-Za-z0-9_-]+\/bind\?ticket=/);
    t.clock.advance(9 * MIN);
    const res = await p.post(action, { via: "code", code: await issueCode(s.id) });
    assert.equal(res.status, 303, res.text);
    const page = await p.get(res.location ?? "");
    assert.match(page.text, /已绑定 钱多多/);
    assert.match(page.text, /请再扫一次老师屏幕上的二维码/);
  });

  it("refuses an expired token (its ticket 10 minutes old, or none) or a forged token or ticket before reading the form, looking up a code or counting", async () => {
    const s = student("孔一一", "13811119999");
    const code = await issueCode(s.id);
    const p = phone();
    const action = formAction((await p.get(`/c/${token()}`)).text);
    const stale = token();
    const counters = () => t.database.db.select().from(rateLimits).all();
    const before = counters();
    t.clock.advance(10 * MIN);
    const late = await p.post(action, { via: "code", code });
    assert.equal(late.status, 409);
    assert.match(late.text, /二维码已过期/);
    assert.match(late.text, /请重新扫码/);
    const noTicket = await p.post(`/c/${stale}/bind`, { via: "mobile", name: "孔一一", mobileLast4: "9999" });
    assert.equal(noTicket.status, 409, "the right name and digits do not help an expired token");
    assert.match(noTicket.text, /二维码已过期，请重新扫码/);
    assert.equal((await p.post(`/c/${stale}/bind`, { via: "nonsense" })).status, 409, "the form is not read: no 400 for its fields");

    const forgedToken = `${token().slice(0, -2)}${token().endsWith("AA") ? "BB" : "AA"}`;
    const forged = await p.post(`/c/${forgedToken}/bind`, { via: "code", code });
    assert.equal(forged.status, 400);
    assert.match(forged.text, /二维码无效/);
    const ticket = new URL(action, t.baseUrl).searchParams.get("ticket") ?? "";
    const [lesson, issued] = ticket.split(".");
    const forgedTicket = await p.post(`/c/${stale}/bind?ticket=${lesson}.${Number(issued) + 600_000}.${ticket.split(".")[2]}`, { via: "code", code });
    assert.equal(forgedTicket.status, 400, "a ticket whose time was moved on");
    assert.match(forgedTicket.text, /二维码无效/);
    const otherLesson = makeLesson(t.database.db, { classId, teacherId, startsAt: T0 + 3 * HOUR }).id;
    const elsewhere = signBindTicket(t.config.appSecret, otherLesson, t.clock.now());
    assert.equal((await p.post(`/c/${stale}/bind?ticket=${encodeURIComponent(elsewhere)}`, { via: "code", code })).status, 409, "another lesson's ticket");

    assert.deepEqual(counters(), before, "no counter moved");
    assert.equal(t.database.db.select().from(bindingCodes).where(eq(bindingCodes.studentId, s.id)).get()?.usedAt, null, "the code is still unused");
    assert.equal((await p.post(`/c/${token()}/bind`, { via: "code", code })).status, 303, "a fresh scan binds");
  });

  it("escapes every text it shows", async () => {
    const s = student("<img src=x onerror=alert(1)>");
    const p = phone();
    await bindCode(p, await issueCode(s.id));
    const page = await p.get(`/c/${token()}`);
    assert.doesNotMatch(page.text, /<img src=x/);
    assert.match(page.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe("the device cookie behind https", () => {
  it("is Secure when PUBLIC_BASE_URL is https", async () => {
    const t = await startTestApp({ PUBLIC_BASE_URL: "https://xg.example.com" });
    try {
      const db = t.database.db;
      const campusId = makeCampus(db).id;
      const teacher = makeStaff(db, { campusIds: [campusId] });
      const klass = makeClass(db, { courseId: makeCourse(db).id, campusId, teacherId: teacher.id });
      const lesson = makeLesson(db, { classId: klass.id, teacherId: teacher.id, startsAt: T0 + HOUR });
      const s = makeStudent(db, { campusId });
      const code = (await t.admin.post(`/api/v1/students/${s.id}/binding-codes`)).body.code;
      const res = await phoneClient(t.baseUrl).post(`/c/${signLessonToken(t.config.appSecret, lesson.id, t.clock.now()).token}/bind`, { via: "code", code });
      assert.equal(res.status, 303);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("xg_device="));
      assert.match(cookie ?? "", /;\s*secure/i);
    } finally {
      await t.close();
    }
  });
});
