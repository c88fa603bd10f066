import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { auditLog, ledgerOps, orders, payments } from "../../server/db/schema";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("orders and payments API", () => {
  let t: TestApp;
  let campusId: number;
  let studentId: number;
  let otherStudentId: number;
  let advisorId: number;
  let pkgId: number;
  let courseId: number;
  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    campusId = makeCampus(db).id;
    advisorId = makeStaff(db, { roles: ["advisor"], campusIds: [campusId] }).id;
    const otherAdvisor = makeStaff(db, { roles: ["advisor"], campusIds: [campusId] }).id;
    studentId = makeStudent(db, { campusId, advisorId }).id;
    otherStudentId = makeStudent(db, { campusId, advisorId: otherAdvisor }).id;
    courseId = makeCourse(db).id;
    // 20 课时 + 2 gift for ¥3000.00, valid 180 days
    pkgId = makePackage(db, { courseId, hours: 2000, giftHours: 200, priceFen: 300000, validityDays: 180 }).id;
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.post("/api/v1/orders", { studentId: 1, items: [] })).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/orders/1")).status, 401);
  });

  it("answers 400 naming each bad field, and writes nothing", async () => {
    const before = t.database.db.select().from(orders).all().length;
    const res = await t.admin.post("/api/v1/orders", {
      studentId: "x",
      items: [{ packageId: 99999 }],
      discounts: [{ amountFen: 1.5, reason: "" }],
      installments: [{ dueDate: "2026-02-30", amountFen: 10 }],
    });
    assert.equal(res.status, 400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    assert.deepEqual(paths, ["discounts.0.amountFen", "discounts.0.reason", "installments.0.dueDate", "studentId"]);
    const pkgMissing = await t.admin.post("/api/v1/orders", { studentId, items: [{ packageId: 99999 }] });
    assert.equal(pkgMissing.status, 400);
    assert.equal(pkgMissing.body.error.details.fields[0].path, "items.0.packageId");
    const tooMuch = await t.admin.post("/api/v1/orders", { studentId, items: [{ packageId: pkgId }], discounts: [{ amountFen: 300001, reason: "全免" }] });
    assert.equal(tooMuch.body.error.details.fields[0].path, "discounts");
    const plan = await t.admin.post("/api/v1/orders", { studentId, items: [{ packageId: pkgId }], installments: [{ dueDate: "2026-03-10", amountFen: 100 }] });
    assert.equal(plan.body.error.details.fields[0].path, "installments");
    assert.equal(t.database.db.select().from(orders).all().length, before);
  });

  it("answers 404 for another advisor's student and 403 for a role without the permission", async () => {
    const asAdvisor = await t.asStaff(advisorId);
    const res = await asAdvisor.post("/api/v1/orders", { studentId: otherStudentId, items: [{ packageId: pkgId }] });
    assert.equal(res.status, 404);
    const theirs = await t.admin.post("/api/v1/orders", { studentId: otherStudentId, items: [{ packageId: pkgId }] });
    assert.equal((await asAdvisor.get(`/api/v1/orders/${theirs.body.id}`)).status, 404);
    const teacher = makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusId] });
    assert.equal((await (await t.asStaff(teacher.id)).post("/api/v1/orders", { studentId, items: [{ packageId: pkgId }] })).status, 403);
    assert.equal((await asAdvisor.post(`/api/v1/orders/${theirs.body.id}/payments`, { amountFen: 100, method: "cash" })).status, 403);
  });

  it("sells with a discount and installments; partial payments credit hours in proportion, gifts on full payment", async () => {
    const asAdvisor = await t.asStaff(advisorId);
    const created = await asAdvisor.post("/api/v1/orders", {
      studentId,
      items: [{ packageId: pkgId }],
      discounts: [{ amountFen: 20000, reason: "老带新" }],
      installments: [
        { dueDate: "2026-03-02", amountFen: 140000 },
        { dueDate: "2026-04-02", amountFen: 140000 },
      ],
    });
    assert.equal(created.status, 201);
    const o = created.body;
    assert.equal(o.status, "pending_payment");
    assert.equal(o.payableFen, 280000);
    assert.equal(o.outstandingFen, 280000);
    assert.match(o.no, /^XG-20260302-\d{6}$/);
    assert.deepEqual(o.installments.map((i: { state: string }) => i.state), ["due", "due"]);

    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campusId] });
    const asFinance = await t.asStaff(finance.id);
    const pay1 = await asFinance.post(`/api/v1/orders/${o.id}/payments`, { amountFen: 140000, method: "wechat", transactionNo: "4200001" });
    assert.equal(pay1.status, 201);
    assert.equal(pay1.body.order.status, "partially_paid");
    assert.deepEqual(pay1.body.order.installments.map((i: { state: string }) => i.state), ["paid", "due"]);
    let accounts = await t.admin.get(`/api/v1/students/${studentId}/hour-accounts`);
    assert.equal(accounts.body.items[0].balanceHours, 1000, "half paid → half the purchased hours, no gift yet");
    assert.equal(accounts.body.items[0].deferredFen, 140000);

    const replay = await asFinance.post(`/api/v1/orders/${o.id}/payments`, { amountFen: 140000, method: "wechat", transactionNo: "4200001" });
    assert.equal(replay.status, 201);
    assert.equal(replay.body.replayed, true);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.equal(t.database.db.select().from(payments).where(eq(payments.orderId, o.id)).all().length, 1);
    const clash = await asFinance.post(`/api/v1/orders/${o.id}/payments`, { amountFen: 100, method: "wechat", transactionNo: "4200001" });
    assert.equal(clash.status, 409);
    const over = await asFinance.post(`/api/v1/orders/${o.id}/payments`, { amountFen: 140001, method: "cash" });
    assert.equal(over.status, 400);
    assert.equal(over.body.error.details.fields[0].path, "amountFen");

    const pay2 = await asFinance.post(`/api/v1/orders/${o.id}/payments`, { amountFen: 140000, method: "cash" }, { "idempotency-key": "desk-2026-03-02-001" });
    assert.equal(pay2.body.order.status, "paid");
    accounts = await t.admin.get(`/api/v1/students/${studentId}/hour-accounts`);
    assert.equal(accounts.body.items[0].balanceHours, 2200);
    assert.equal(accounts.body.items[0].balanceHoursText, "22.00");
    assert.equal(accounts.body.items[0].deferredYuan, "2800.00");
    const audits = t.database.db.select().from(auditLog).where(eq(auditLog.action, "payment.record")).all();
    assert.equal(audits.length, 2);
    assert.equal(audits[0]?.actorLabel, finance.name);

    const paidAgain = await asFinance.post(`/api/v1/orders/${o.id}/payments`, { amountFen: 1, method: "cash" });
    assert.equal(paidAgain.status, 409);
    assert.equal(paidAgain.body.error.code, "PRECONDITION_FAILED");
  });

  it("deducts, corrects and refunds through the ledger, and reconciles", async () => {
    const order = await t.admin.post("/api/v1/orders", { studentId: otherStudentId, items: [{ packageId: pkgId }] });
    await t.admin.post(`/api/v1/orders/${order.body.id}/payments`, { amountFen: 300000, method: "pos", transactionNo: "POS-1" });
    const accounts = await t.admin.get(`/api/v1/students/${otherStudentId}/hour-accounts`);
    const accountId = accounts.body.items[0].id;
    const used = await t.admin.post(`/api/v1/hour-accounts/${accountId}/consume`, { hours: 200, reason: "3月2日 数学课", idempotencyKey: "lesson-1-student-2" });
    assert.equal(used.status, 201);
    assert.equal(used.body.recognizedFen, 30000, "2 课时 of ¥3000/20 课时 = ¥300");
    const retry = await t.admin.post(`/api/v1/hour-accounts/${accountId}/consume`, { hours: 200, reason: "3月2日 数学课", idempotencyKey: "lesson-1-student-2" });
    assert.equal(retry.body.id, used.body.id);
    const fix = await t.admin.post(`/api/v1/ledger-ops/${used.body.id}/reverse`, { reason: "误扣" });
    assert.equal(fix.status, 201);
    assert.equal(fix.body.kind, "correction");
    assert.equal((await t.admin.post(`/api/v1/ledger-ops/${used.body.id}/reverse`, { reason: "再次" })).status, 409);
    await t.admin.post(`/api/v1/hour-accounts/${accountId}/consume`, { hours: 400, reason: "两次课" });
    const history = await t.admin.get(`/api/v1/hour-accounts/${accountId}/ledger?limit=2`);
    assert.equal(history.body.items.length, 2);
    assert.ok(history.body.nextCursor);

    assert.equal((await t.admin.post(`/api/v1/orders/${order.body.id}/refund/complete`)).status, 409, "must start the refund first");
    const started = await t.admin.post(`/api/v1/orders/${order.body.id}/refund/start`, { reason: "搬家" });
    assert.equal(started.body.status, "refunding");
    const done = await t.admin.post(`/api/v1/orders/${order.body.id}/refund/complete`);
    assert.equal(done.body.status, "refunded");
    assert.equal(done.body.refundedFen, 300000 - 60000);
    const after = await t.admin.get(`/api/v1/students/${otherStudentId}/hour-accounts`);
    assert.equal(after.body.items[0].balanceHours, 0);
    const report = await t.admin.get("/api/v1/reports/reconcile");
    assert.equal(report.status, 200);
    assert.equal(report.body.ok, true);
    assert.deepEqual(report.body.discrepancies, []);
    assert.ok(t.database.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "refund")).all().length >= 1);
  });

  it("cancels only an unpaid order, and lists orders within scope", async () => {
    const o = await t.admin.post("/api/v1/orders", { studentId, items: [{ packageId: pkgId, quantity: 2 }] });
    assert.equal(o.body.payableFen, 600000);
    assert.equal((await t.admin.post(`/api/v1/orders/${o.body.id}/cancel`, {})).status, 400);
    const cancelled = await t.admin.post(`/api/v1/orders/${o.body.id}/cancel`, { reason: "家长改主意" });
    assert.equal(cancelled.body.status, "cancelled");
    assert.equal((await t.admin.post(`/api/v1/orders/${o.body.id}/payments`, { amountFen: 1, method: "cash" })).status, 409);
    const asAdvisor = await t.asStaff(advisorId);
    const mine = await asAdvisor.get("/api/v1/orders");
    assert.ok(mine.body.items.length > 0);
    assert.ok(mine.body.items.every((x: { studentId: number }) => x.studentId === studentId));
    const filtered = await t.admin.get(`/api/v1/orders?status=cancelled&studentId=${studentId}`);
    assert.deepEqual(filtered.body.items.map((x: { id: number }) => x.id), [o.body.id]);
    assert.equal((await t.admin.get("/api/v1/orders?status=bogus")).status, 400);
  });

  it("a free order (100% discount) is paid at once and credits its hours", async () => {
    const o = await t.admin.post("/api/v1/orders", { studentId, items: [{ packageId: pkgId }], discounts: [{ amountFen: 300000, reason: "校长特批体验" }] });
    assert.equal(o.status, 201);
    assert.equal(o.body.status, "paid");
    assert.equal(o.body.items[0].creditedHours, 2000);
    assert.equal(o.body.items[0].giftCredited, true);
  });
});
