// Executing an approved refund: ledger rows, order rows, reconcile clean, idempotent retry, stale amount.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { count, eq } from "drizzle-orm";
import { auditLog, hourLots, institutionSettings, ledgerEntries, ledgerOps, orderRefunds, orders } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import type { Ctx } from "../../../server/core/context";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { expireLots } from "../../../server/domain/ledger/expireLots";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { startRefund } from "../../../server/domain/orders/startRefund";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { reconcile, studentTotals } from "../../../server/domain/reports/reconcile";
import { executeRefund } from "../../../server/domain/refunds/executeRefund";
import { quoteRefund } from "../../../server/domain/refunds/quoteRefund";
import { getSettings } from "../../../server/domain/settings/institutionSettings";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

const DAY = 24 * 3600 * 1000;

function buy(ctx: Ctx, studentId: number, packageIds: number[]) {
  const order = createOrder({ ctx, input: { studentId, items: packageIds.map((packageId) => ({ packageId })) } });
  recordPayment({ ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-${order.id}` } });
  return order;
}

const consume = (ctx: Ctx, studentId: number, courseId: number, hours: number, key: string) =>
  consumeHours(ctx, { studentId, courseId, hours, kind: "attendance", key, reason: "上课", refType: "manual" });

/** Row counts of everything execution may write. */
function counts(ctx: Ctx) {
  const n = (t: typeof ledgerOps | typeof ledgerEntries | typeof orderRefunds | typeof auditLog) => ctx.db.select({ n: count() }).from(t).get()?.n ?? 0;
  return {
    ops: n(ledgerOps),
    entries: n(ledgerEntries),
    refunds: n(orderRefunds),
    audit: n(auditLog),
    orders: ctx.db.select().from(orders).all(),
    lots: ctx.db.select().from(hourLots).all(),
  };
}

/** 奥数 (¥180/课时 + 2 gift hours) and 英语 (¥1,000.01 for 30 课时, 30 days) on one order, plus 奥数 30 days on another. */
function world() {
  const t = testDb();
  getSettings({ ctx: t.ctx });
  t.db.update(institutionSettings).set({ refundFeeRateBp: 500 }).run();
  const campus = makeCampus(t.db);
  const math = makeCourse(t.db, { name: "奥数" });
  const english = makeCourse(t.db, { name: "英语" });
  const mathPkg = makePackage(t.db, { courseId: math.id, name: "奥数 20 课时", hours: 2000, giftHours: 200, priceFen: 360000, validityDays: null });
  const engPkg = makePackage(t.db, { courseId: english.id, name: "英语 30 课时", hours: 3000, giftHours: 0, priceFen: 100001, validityDays: 30 });
  const shortPkg = makePackage(t.db, { courseId: math.id, name: "奥数 5 课时", hours: 500, giftHours: 0, priceFen: 100000, validityDays: 5 });
  const student = makeStudent(t.db, { campusId: campus.id });
  const both = buy(t.ctx, student.id, [mathPkg.id, engPkg.id]);
  const short = buy(t.ctx, student.id, [shortPkg.id]);
  consume(t.ctx, student.id, math.id, 200, "m1"); // from 奥数 5 课时 (expires first): 3 课时 left, ¥600.00
  consume(t.ctx, student.id, english.id, 300, "e1"); // 英语: 27 课时, ¥900.01
  t.clock.advance(6 * DAY); // 奥数 5 课时 expired, not yet cleared
  consume(t.ctx, student.id, math.id, 1200, "m2"); // 奥数 20 课时: 8 课时, ¥1,440.00
  const financeStaff = makeStaff(t.db, { roles: ["finance"], campusIds: [campus.id] });
  const finance = t.as(staffActor(financeStaff, ["finance"], [campus.id]));
  return { ...t, campus, math, english, student, both, short, finance };
}

const isCode = (c: string) => (e: unknown) => e instanceof ServiceError && e.code === c;

describe("executeRefund", () => {
  it("writes the refund ledger rows, the payout and the order, and reconcile stays clean", () => {
    const w = world();
    try {
      const q = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id } });
      assert.equal(q.grossFen, 144000 + 90001);
      assert.equal(q.feeFen, 11700);
      const r = executeRefund({
        ctx: w.finance,
        input: { studentId: w.student.id, expectedAmountFen: q.amountFen, payoutMethod: "bank_transfer", reference: "BT20260308001", idempotencyKey: "refund-key-0001" },
      });
      assert.equal(r.replayed, false);
      assert.equal(r.amountFen, 234001 - 11700);
      assert.equal(r.ledgerOpIds.length, 2, "one refund operation per account (奥数, 英语)");

      const ops = w.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "refund")).all();
      assert.equal(-ops.reduce((s, o) => s + o.fen, 0), q.grossFen, "the deferred value leaving equals the gross");
      assert.equal(ops.reduce((s, o) => s + o.recognizedFen, 0), q.feeFen, "the fee is recognized as revenue");
      assert.equal(-ops.reduce((s, o) => s + o.hours, 0), 800 + 200 + 2700, "paid and gift hours leave");
      assert.ok(ops.every((o) => o.reason.startsWith("退费：") && !o.reason.includes("BT20260308001")), "the payout is not in the reason text");

      const lots = w.db.select().from(hourLots).all();
      const expiredLot = lots.find((l) => l.remainingFen === 60000);
      assert.ok(expiredLot, "the expired lot is untouched");
      assert.equal(lots.filter((l) => l.id !== expiredLot.id).every((l) => l.remainingHours === 0 && l.remainingFen === 0), true);

      const rows = w.db.select().from(orderRefunds).all();
      assert.deepEqual(rows.map((x) => [x.orderId, x.amountFen]), [[w.both.id, 234001 - 11700]]);
      assert.doesNotMatch(rows[0]?.reason ?? "", /BT20260308001/);
      assert.deepEqual([rows[0]?.payoutStatus, rows[0]?.payoutMethod, rows[0]?.payoutReference], ["paid", "bank_transfer", "BT20260308001"]);
      assert.ok(rows[0]?.paidAt, "paid now");
      const order = w.db.select().from(orders).where(eq(orders.id, w.both.id)).get();
      assert.equal(order?.status, "refunded");
      assert.equal(order?.refundedFen, 222301);
      const short = w.db.select().from(orders).where(eq(orders.id, w.short.id)).get();
      assert.equal(short?.status, "paid", "an order only holding expired hours is not part of the refund");
      assert.deepEqual(r.orders.map((o) => [o.orderId, o.status]), [[w.both.id, "refunded"]]);

      const audit = w.db.select().from(auditLog).where(eq(auditLog.action, "refund.execute")).all();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actorLabel, r.executedBy);

      assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
      const totals = studentTotals(w.db, w.student.id);
      assert.equal(totals?.refundedFen, 222301);
      assert.equal(totals?.ledgerRefundFen, 222301);
      expireLots({ ctx: w.ctx });
      assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, [], "still clean after the expiry job clears the excluded lot");
    } finally {
      w.close();
    }
  });

  it("refunds one course of a two-course order without closing the order", () => {
    const w = world();
    try {
      const q = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id, courseId: w.english.id } });
      assert.equal(q.grossFen, 90001);
      assert.equal(q.feeFen, 4500);
      executeRefund({ ctx: w.finance, input: { studentId: w.student.id, courseId: w.english.id, expectedAmountFen: 85501, payoutMethod: "cash", idempotencyKey: "course-refund-1" } });
      const order = w.db.select().from(orders).where(eq(orders.id, w.both.id)).get();
      assert.equal(order?.status, "paid", "奥数 hours are still on the order");
      assert.equal(order?.refundedFen, 85501);
      assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
      const rest = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id, orderId: w.both.id } });
      assert.equal(rest.grossFen, 144000);
      executeRefund({ ctx: w.finance, input: { studentId: w.student.id, orderId: w.both.id, expectedAmountFen: rest.amountFen, payoutMethod: "original", reference: "wx-4200001", idempotencyKey: "order-refund-2" } });
      const after = w.db.select().from(orders).where(eq(orders.id, w.both.id)).get();
      assert.equal(after?.status, "refunded");
      assert.equal(after?.refundedFen, 85501 + 136800);
      assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
    } finally {
      w.close();
    }
  });

  it("completes an order the approval flow already put in refunding", () => {
    const w = world();
    try {
      startRefund({ ctx: w.finance, input: { orderId: w.both.id, reason: "家长申请退费" } });
      const q = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id, orderId: w.both.id } });
      const r = executeRefund({ ctx: w.finance, input: { studentId: w.student.id, orderId: w.both.id, expectedAmountFen: q.amountFen, payoutMethod: "alipay", reference: "ali-1", idempotencyKey: "from-refunding" } });
      assert.equal(r.orders[0]?.status, "refunded");
      const order = w.db.select().from(orders).where(eq(orders.id, w.both.id)).get();
      assert.equal(order?.refundReason, "家长申请退费");
      assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
    } finally {
      w.close();
    }
  });

  it("a retry with the same key returns the first result and writes nothing", () => {
    const w = world();
    try {
      const q = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id } });
      const input = { studentId: w.student.id, expectedAmountFen: q.amountFen, payoutMethod: "wechat" as const, reference: "wx-1", idempotencyKey: "retry-key-42" };
      const first = executeRefund({ ctx: w.finance, input });
      const before = counts(w.ctx);
      w.clock.advance(60_000);
      const again = executeRefund({ ctx: w.finance, input });
      assert.equal(again.replayed, true);
      assert.deepEqual({ ...again, replayed: false }, first);
      assert.deepEqual(counts(w.ctx), before);
      // The same key for another refund is a conflict, not a silent replay.
      assert.throws(() => executeRefund({ ctx: w.finance, input: { ...input, courseId: w.math.id } }), isCode("CONFLICT"));
      // A new key after everything was refunded: nothing left.
      assert.throws(() => executeRefund({ ctx: w.finance, input: { ...input, idempotencyKey: "retry-key-43" } }), isCode("PRECONDITION_FAILED"));
      // A key sharing the first one's prefix is a different key.
      assert.throws(() => executeRefund({ ctx: w.finance, input: { ...input, idempotencyKey: "retry-key" } }), isCode("PRECONDITION_FAILED"));
    } finally {
      w.close();
    }
  });

  it("refuses a stale approved amount with 409 and the new figure, writing nothing", () => {
    const w = world();
    try {
      const q = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id, orderId: w.both.id } });
      consume(w.ctx, w.student.id, w.math.id, 200, "after-approval"); // 2 课时 more at ¥180
      const before = counts(w.ctx);
      assert.throws(
        () => executeRefund({ ctx: w.finance, input: { studentId: w.student.id, orderId: w.both.id, expectedAmountFen: q.amountFen, payoutMethod: "cash", idempotencyKey: "stale-amount" } }),
        (e) => {
          assert.ok(e instanceof ServiceError);
          assert.equal(e.code, "CONFLICT");
          assert.equal(e.details?.reason, "amount_changed");
          assert.equal(e.details?.expectedAmountFen, q.amountFen);
          assert.equal(e.details?.grossFen, q.grossFen - 36000);
          assert.equal(e.details?.amountFen, q.grossFen - 36000 - Math.floor(((q.grossFen - 36000) * 500) / 10000));
          return true;
        },
      );
      assert.deepEqual(counts(w.ctx), before);
      assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
    } finally {
      w.close();
    }
  });

  it("is for finance only, within scope, and checks its input", () => {
    const w = world();
    try {
      const q = quoteRefund({ ctx: w.finance, input: { studentId: w.student.id } });
      const input = { studentId: w.student.id, expectedAmountFen: q.amountFen, payoutMethod: "cash" as const, idempotencyKey: "perm-check-1" };
      const head = makeStaff(w.db, { roles: ["head_teacher"] });
      assert.throws(() => executeRefund({ ctx: w.as(staffActor(head, ["head_teacher"])), input }), isCode("FORBIDDEN"));
      const otherCampus = makeCampus(w.db);
      const far = makeStaff(w.db, { roles: ["finance"], campusIds: [otherCampus.id] });
      assert.throws(() => executeRefund({ ctx: w.as(staffActor(far, ["finance"], [otherCampus.id])), input }), isCode("NOT_FOUND"));
      assert.throws(() => executeRefund({ ctx: w.finance, input: { ...input, payoutMethod: "bank_transfer" } }), isCode("VALIDATION"), "a transfer needs its reference");
      assert.throws(() => executeRefund({ ctx: w.finance, input: { ...input, idempotencyKey: "short" } }), isCode("VALIDATION"));
      assert.equal(w.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "refund")).all().length, 0);
    } finally {
      w.close();
    }
  });
});
