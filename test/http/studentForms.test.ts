// The student forms' rules over HTTP: each refusal is a 400 naming the field (details.fields), so the
// mini-app shows it under that field; and the binding code comes with the phone page its QR opens.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createOrder } from "../../server/domain/orders/createOrder";
import { recordPayment } from "../../server/domain/orders/recordPayment";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent, phoneClient } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

type Fields = { error: { code: string; details: { fields: { path: string; message: string }[] } } };
const fieldsOf = (body: Fields) => body.error.details.fields;

describe("student forms: field errors from the server", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const world = () => {
    const db = t.database.db;
    const campus = makeCampus(db);
    const head = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id] });
    const student = makeStudent(db, { campusId: campus.id, headTeacherId: head.id, createdAt: T0 - 3 * 86_400_000 });
    return { db, campus, head, student };
  };

  it("follow-up: a next date before today is 400 on nextFollowupDate", async () => {
    const { head, student } = world();
    const as = await t.asStaff(head.id);
    const res = await as.post(`/api/v1/students/${student.id}/followups`, { channel: "phone", content: "回访", nextFollowupDate: "2020-01-01" });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), [{ path: "nextFollowupDate", message: "下次跟进日期不能早于今天" }]);
    const ok = await as.post(`/api/v1/students/${student.id}/followups`, { channel: "phone", content: "回访", nextFollowupDate: "2026-03-09" });
    assert.equal(ok.status, 201);
  });

  it("suspension: a start before the student's 建档日期 is 400 on fromDate", async () => {
    const { head, student } = world();
    const res = await (await t.asStaff(head.id)).post("/api/v1/suspension-requests", { studentId: student.id, fromDate: "2024-03-01", reason: "出国" });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), [{ path: "fromDate", message: "休学开始日期不能早于建档日期 2026-02-27" }]);
  });

  it("transfer: more hours than the balance is 400 on hours, naming the balance", async () => {
    const { db, student } = world();
    const from = makeCourse(db, { name: "奥数" });
    const to = makeCourse(db, { name: "英语" });
    const pkg = makePackage(db, { courseId: from.id, hours: 950, giftHours: 0, priceFen: 95000 });
    const order = createOrder({ ctx: t.ctx, input: { studentId: student.id, items: [{ packageId: pkg.id }] } });
    recordPayment({ ctx: t.ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-form-${order.id}` } });
    const res = await t.admin.post("/api/v1/transfer-requests", { studentId: student.id, fromCourseId: from.id, toCourseId: to.id, hours: 9_999_900, reason: "改学英语" });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), [{ path: "hours", message: "转出课时不能超过可用课时（9.50 课时）" }]);
  });

  it("negative hours are 400 saying 课时不能为负数 (amounts alike: 金额不能为负数)", async () => {
    const { student } = world();
    const res = await t.admin.post("/api/v1/transfer-requests", { studentId: student.id, fromCourseId: 1, toCourseId: 2, hours: -100, toUnitPriceFen: 1000, reason: "x" });
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), [{ path: "hours", message: "课时不能为负数" }]);
  });

  it("binding code: 10 digits, 7 days, with the page its QR opens; the page binds the phone once", async () => {
    const { head, student } = world();
    const res = await (await t.asStaff(head.id)).post(`/api/v1/students/${student.id}/binding-codes`);
    assert.equal(res.status, 201);
    assert.match(res.body.code, /^\d{10}$/);
    assert.equal(res.body.expiresAt, T0 + 7 * 86_400_000);
    assert.equal(res.body.bindUrl, `${t.config.publicBaseUrl}/bind?code=${res.body.code}`);

    const phone = phoneClient(t.baseUrl);
    const page = await phone.get(`/bind?code=${res.body.code}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`value="${res.body.codeText}"`), "shown grouped: 12345 67890");
    const bound = await phone.post("/bind", { code: res.body.code });
    assert.equal(bound.status, 200);
    assert.match(bound.text, new RegExp(`已绑定 ${student.name}`));
    const again = await phoneClient(t.baseUrl).post("/bind", { code: res.body.code });
    assert.equal(again.status, 409);
    assert.match(again.text, /已经用过/);
  });
});
