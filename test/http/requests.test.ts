// Request convenience endpoints: 401 → 400 → 403 → 404 → happy path over real HTTP (refund quote and
// request, transfer request, suspension request, resume; finance's payout reference on the last approval).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { ledgerOps, orderRefunds, students } from "../../server/db/schema";
import "../../server/domain/refunds/refundRequestType";
import "../../server/domain/transfers/transferRequestType";
import "../../server/domain/suspensions/suspensionRequestType";
import { createOrder } from "../../server/domain/orders/createOrder";
import { recordPayment } from "../../server/domain/orders/recordPayment";
import { enroll, makeCampus, makeClass, makeCourse, makePackage, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("request endpoints", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const head = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id], name: "王老师" });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问" });
    const academic = makeStaff(db, { roles: ["academic"], campusIds: [campus.id], name: "教务" });
    const finance = makeStaff(db, { roles: ["finance"], campusIds: [campus.id], name: "财务" });
    const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "路人" });
    const student = makeStudent(db, { campusId: campus.id, name: "张小明", headTeacherId: head.id, advisorId: advisor.id });
    const math = makeCourse(db);
    const english = makeCourse(db);
    const pkg = makePackage(db, { courseId: math.id, hours: 1000, giftHours: 0, priceFen: 100000, validityDays: 30 });
    const cls = makeClass(db, { courseId: math.id, campusId: campus.id, teacherId: teacher.id });
    enroll(db, cls.id, student.id);
    const order = createOrder({ ctx: t.ctx, input: { studentId: student.id, items: [{ packageId: pkg.id }] } });
    recordPayment({ ctx: t.ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-http-${order.id}` } });
    return { campus, head, advisor, academic, finance, teacher, student, math, english, order };
  }

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/students/1/refund-quote")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/refund-requests", {})).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/transfer-requests", {})).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/suspension-requests", {})).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students/1/resume", {})).status, 401);
  });

  it("answers 400 naming the bad fields", async () => {
    const w = world();
    const asAdvisor = await t.asStaff(w.advisor.id);
    const refund = await asAdvisor.post("/api/v1/refund-requests", { studentId: w.student.id, payoutMethod: "gold" });
    assert.equal(refund.status, 400);
    const fields = (refund.body.error.details.fields as { path: string }[]).map((f) => f.path).sort();
    assert.deepEqual(fields, ["payoutMethod", "reason"]);
    const asHead = await t.asStaff(w.head.id);
    const transfer = await asHead.post("/api/v1/transfer-requests", { studentId: w.student.id, fromCourseId: w.math.id, toCourseId: w.english.id, hours: 1.5, reason: "x" });
    assert.equal(transfer.status, 400);
    const suspension = await asAdvisor.post("/api/v1/suspension-requests", { studentId: w.student.id, fromDate: "2026-13-01", reason: "x" });
    assert.equal(suspension.status, 400);
  });

  it("answers 403 to a teacher and 404 for a student out of scope", async () => {
    const w = world();
    const asTeacher = await t.asStaff(w.teacher.id);
    assert.equal((await asTeacher.post("/api/v1/refund-requests", { studentId: w.student.id, reason: "x" })).status, 403);
    assert.equal((await asTeacher.get(`/api/v1/students/${w.student.id}/refund-quote`)).status, 403);
    const asHead = await t.asStaff(w.head.id);
    assert.equal((await asHead.post(`/api/v1/students/${w.student.id}/resume`, {})).status, 403);
    const other = world();
    assert.equal((await asHead.post("/api/v1/refund-requests", { studentId: other.student.id, reason: "x" })).status, 404);
    assert.equal((await asHead.get(`/api/v1/students/${other.student.id}/refund-quote`)).status, 404);
  });

  it("quotes, submits each request type, and resumes a suspended student", async () => {
    const w = world();
    const asAdvisor = await t.asStaff(w.advisor.id);
    const quote = await asAdvisor.get(`/api/v1/students/${w.student.id}/refund-quote?courseId=${w.math.id}`);
    assert.equal(quote.status, 200);
    assert.equal(quote.body.grossFen, 100000);
    const refund = await asAdvisor.post("/api/v1/refund-requests", { studentId: w.student.id, courseId: w.math.id, reason: "搬家" });
    assert.equal(refund.status, 201);
    assert.equal(refund.body.type, "refund");
    assert.equal(refund.body.fields.amountFen, quote.body.amountFen);

    // The advisor asks, so the head teacher's step has an approver (nobody approves their own request).
    const transfer = await asAdvisor.post("/api/v1/transfer-requests", { studentId: w.student.id, fromCourseId: w.math.id, toCourseId: w.english.id, hours: 200, reason: "改学英语" });
    assert.equal(transfer.status, 201);
    assert.equal(transfer.body.fields.valueFen, 20000);

    const suspension = await asAdvisor.post("/api/v1/suspension-requests", { studentId: w.student.id, fromDate: "2026-03-02", reason: "住院" });
    assert.equal(suspension.status, 201);
    assert.equal(suspension.body.type, "suspension");

    const asAcademic = await t.asStaff(w.academic.id);
    assert.equal((await asAcademic.post(`/api/v1/students/${w.student.id}/resume`, {})).status, 409, "not suspended yet");
    t.database.db.update(students).set({ status: "suspended" }).where(eq(students.id, w.student.id)).run();
    const resumed = await asAcademic.post(`/api/v1/students/${w.student.id}/resume`, { reason: "康复" });
    assert.equal(resumed.status, 200);
    assert.equal(resumed.body.student.status, "enrolled");
  });

  it("takes finance's payout reference with the last approval and books the refund under it", async () => {
    const w = world();
    const principal = makeStaff(t.database.db, { roles: ["principal"], campusIds: [w.campus.id], name: "校长" });
    const asAdvisor = await t.asStaff(w.advisor.id);
    const refund = await asAdvisor.post("/api/v1/refund-requests", { studentId: w.student.id, courseId: w.math.id, reason: "搬家", payoutMethod: "bank_transfer" });
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    const instanceId = refund.body.id as number;
    const taskOf = async (client: Awaited<ReturnType<TestApp["asStaff"]>>) =>
      ((await client.get("/api/v1/approval-tasks?mine=1")).body.items as { id: number; approval: { id: number } }[]).find((x) => x.approval.id === instanceId)?.id;

    // Facts only come with an approval, and only those the type asks for.
    const asHead = await t.asStaff(w.head.id);
    const headTask = await taskOf(asHead);
    assert.ok(headTask, "the head teacher has the first task");
    const refused = await asHead.post(`/api/v1/approval-tasks/${headTask}/decision`, { decision: "reject", comment: "不对", fields: { payoutReference: "X1" } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details.fields[0].path, "fields");
    const headApproved = await asHead.post(`/api/v1/approval-tasks/${headTask}/decision`, { decision: "approve" });
    assert.equal(headApproved.status, 200, JSON.stringify(headApproved.body));

    // Over 500 yuan: the principal's step, then finance executes.
    const asPrincipal = await t.asStaff(principal.id);
    const principalTask = await taskOf(asPrincipal);
    assert.ok(principalTask, "the principal has the second task");
    assert.equal((await asPrincipal.post(`/api/v1/approval-tasks/${principalTask}/decision`, { decision: "approve" })).status, 200);
    const asFinance = await t.asStaff(w.finance.id);
    const financeTask = await taskOf(asFinance);
    assert.ok(financeTask, "finance has the last task");
    const blank = await asFinance.post(`/api/v1/approval-tasks/${financeTask}/decision`, { decision: "approve", fields: { payoutReference: "  " } });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.error.details.fields[0].path, "fields.payoutReference");
    const done = await asFinance.post(`/api/v1/approval-tasks/${financeTask}/decision`, { decision: "approve", fields: { payoutReference: "ICBC-20260302-0042" } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, "approved");
    assert.equal(done.body.fields.payoutReference, "ICBC-20260302-0042");
    const ops = t.database.db.select().from(ledgerOps).where(and(eq(ledgerOps.studentId, w.student.id), eq(ledgerOps.kind, "refund"))).all();
    assert.equal(ops.length, 1);
    const rows = t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all();
    assert.deepEqual(rows.map((r) => [r.payoutStatus, r.payoutMethod, r.payoutReference]), [["paid", "bank_transfer", "ICBC-20260302-0042"]]);
    assert.equal(done.body.fields.payoutStatus, "paid");
  });
});
