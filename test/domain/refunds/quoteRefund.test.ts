// The refund quote (退费试算): exact figures to the fen, gift hours forfeited, the fee floored, expired
// lots left out, and the 404 / 409 / 403 answers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { institutionSettings } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import type { Ctx } from "../../../server/core/context";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { quoteRefund } from "../../../server/domain/refunds/quoteRefund";
import { rateText, unitPrice } from "../../../server/domain/refunds/refundText";
import { formatMoney as yuanText } from "../../../shared/money";
import { getSettings } from "../../../server/domain/settings/institutionSettings";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

const DAY = 24 * 3600 * 1000;

function setFeeRate(ctx: Ctx, bp: number) {
  getSettings({ ctx });
  ctx.db.update(institutionSettings).set({ refundFeeRateBp: bp }).run();
}

function buy(ctx: Ctx, studentId: number, packageId: number) {
  const order = createOrder({ ctx, input: { studentId, items: [{ packageId }] } });
  recordPayment({ ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-${order.id}` } });
  return order;
}

const consume = (ctx: Ctx, studentId: number, courseId: number, hours: number, key: string) =>
  consumeHours(ctx, { studentId, courseId, hours, kind: "attendance", key, reason: "上课", refType: "manual" });

const code = (err: unknown) => (err instanceof ServiceError ? err.code : String(err));

/**
 * 奥数 20 课时 (¥3,600.00 = ¥180.00/课时, 2 gift hours, never expires): 12 课时 used → 8 left, ¥1,440.00.
 * 奥数 30 课时 (¥1,000.01 for 30 课时, 30 days): bought later, drawn first (it expires), 3 课时 used →
 * valueShare(100001, 3000, 300) = 10000 taken, 27 课时 worth ¥900.01 left.
 */
function world(feeBp: number) {
  const t = testDb();
  setFeeRate(t.ctx, feeBp);
  const campus = makeCampus(t.db);
  const course = makeCourse(t.db, { name: "奥数" });
  const a = makePackage(t.db, { courseId: course.id, name: "奥数 20 课时", hours: 2000, giftHours: 200, priceFen: 360000, validityDays: null });
  const b = makePackage(t.db, { courseId: course.id, name: "奥数 30 课时", hours: 3000, giftHours: 0, priceFen: 100001, validityDays: 30 });
  const student = makeStudent(t.db, { campusId: campus.id });
  const orderA = buy(t.ctx, student.id, a.id);
  consume(t.ctx, student.id, course.id, 1200, "c1");
  const orderB = buy(t.ctx, student.id, b.id);
  consume(t.ctx, student.id, course.id, 300, "c2");
  return { ...t, campus, course, student, orderA, orderB };
}

describe("quoteRefund", () => {
  it("returns each paid lot's remaining value exactly, forfeits gifts, floors the fee and lists the breakdown", () => {
    const w = world(500);
    try {
      const q = quoteRefund({ ctx: w.ctx, input: { studentId: w.student.id } });
      assert.equal(q.grossFen, 144000 + 90001);
      assert.equal(q.feeFen, 11700); // floor(234001 × 5%) = floor(11700.05)
      assert.equal(q.amountFen, 234001 - 11700);
      assert.equal(q.feeRateBp, 500);
      assert.equal(q.refundHours, 800 + 2700);
      assert.equal(q.forfeitHours, 200);

      const paid = q.lots.filter((l) => l.treatment === "refund");
      assert.deepEqual(
        paid.map((l) => [l.label, l.remainingHours, l.refundFen, l.unitPriceFen, l.unitPriceExact, l.orderId]),
        [
          ["奥数 20 课时", 800, 144000, 18000, true, w.orderA.id],
          ["奥数 30 课时", 2700, 90001, 3333, false, w.orderB.id],
        ],
      );
      assert.equal(paid.reduce((s, l) => s + l.feeFen, 0), q.feeFen, "fee shares add up to the fee");
      assert.deepEqual(paid.map((l) => l.feeFen), [7200, 4500]); // 7199.96… and 4500.03…, remainder to the larger fraction
      const gift = q.lots.find((l) => l.treatment === "forfeit");
      assert.ok(gift);
      assert.equal(gift.kind, "gift");
      assert.equal(gift.refundFen, 0);
      assert.equal(gift.remainingHours, 200);

      assert.deepEqual(q.orders, [
        { orderId: w.orderA.id, grossFen: 144000, feeFen: 7200, amountFen: 136800 },
        { orderId: w.orderB.id, grossFen: 90001, feeFen: 4500, amountFen: 85501 },
      ]);
      assert.deepEqual(q.lines, [
        "奥数 20 课时：剩余 8.00 课时 × ¥180.00 = ¥1,440.00",
        "奥数 30 课时：剩余 27.00 课时 × 约¥33.33 = ¥900.01",
        "赠送课时 2.00 课时（奥数 20 课时）：不退",
        "可退合计 ¥2,340.01",
        "手续费 5%：−¥117.00",
        "应退 ¥2,223.01",
      ]);
      assert.equal(q.summary, "应退 ¥2,223.01");
      assert.equal(q.studentId, w.student.id);
      assert.equal(q.campusId, w.campus.id);
    } finally {
      w.close();
    }
  });

  it("narrows to one order or one course", () => {
    const w = world(500);
    try {
      const byOrder = quoteRefund({ ctx: w.ctx, input: { studentId: w.student.id, orderId: w.orderA.id } });
      assert.equal(byOrder.grossFen, 144000);
      assert.equal(byOrder.feeFen, 7200);
      assert.equal(byOrder.amountFen, 136800);
      assert.deepEqual(byOrder.lines.slice(0, 2), ["奥数 20 课时：剩余 8.00 课时 × ¥180.00 = ¥1,440.00", "赠送课时 2.00 课时（奥数 20 课时）：不退"]);
      assert.equal(byOrder.lines.at(-2), "手续费 5%：−¥72.00");
      assert.equal(byOrder.lines.at(-1), "应退 ¥1,368.00");
      const byCourse = quoteRefund({ ctx: w.ctx, input: { studentId: w.student.id, courseId: w.course.id } });
      assert.equal(byCourse.grossFen, 234001);
      const other = makeCourse(w.db);
      assert.throws(() => quoteRefund({ ctx: w.ctx, input: { studentId: w.student.id, courseId: other.id } }), (e) => code(e) === "PRECONDITION_FAILED");
    } finally {
      w.close();
    }
  });

  it("floors the fee (never rounds up) at any rate, and shows no fee line at 0", () => {
    for (const [bp, fee] of [
      [0, 0],
      [7, 163], // 234001 × 0.07% = 163.8007
      [250, 5850], // 5850.025
      [333, 7792], // 7792.2333
      [10_000, 234001],
    ] as const) {
      const w = world(bp);
      try {
        const q = quoteRefund({ ctx: w.ctx, input: { studentId: w.student.id } });
        assert.equal(q.feeFen, fee, `rate ${bp}`);
        assert.equal(q.amountFen, 234001 - fee);
        assert.equal(q.lots.reduce((s, l) => s + l.feeFen, 0), fee);
        assert.ok(q.lots.every((l) => l.feeFen <= l.refundFen), "no lot pays more fee than it returns");
        assert.equal(q.lines.some((l) => l.startsWith("手续费")), bp > 0);
      } finally {
        w.close();
      }
    }
  });

  it("leaves out lots already expired but not yet cleared by the expiry job", () => {
    const w = world(0);
    try {
      w.clock.advance(31 * DAY); // 奥数 30 课时 expired at the end of day 30; expireLots has not run
      const q = quoteRefund({ ctx: w.ctx, input: { studentId: w.student.id } });
      assert.equal(q.grossFen, 144000);
      assert.deepEqual(q.lots.map((l) => l.label), ["奥数 20 课时", "奥数 20 课时"]);
      assert.equal(q.excluded.length, 1);
      assert.equal(q.excluded[0]?.remainingFen, 90001);
      assert.equal(q.excluded[0]?.reason, "expired");
      assert.ok(q.lines.includes("已过期课时 27.00 课时（奥数 30 课时）：不退"));
    } finally {
      w.close();
    }
  });

  it("answers 409 when nothing is refundable: no lots, only gifts, or everything used", () => {
    const t = testDb();
    try {
      const campus = makeCampus(t.db);
      const course = makeCourse(t.db);
      const pkg = makePackage(t.db, { courseId: course.id, hours: 1000, giftHours: 300, priceFen: 100000, validityDays: null });
      const s = makeStudent(t.db, { campusId: campus.id });
      const nothing = () => quoteRefund({ ctx: t.ctx, input: { studentId: s.id } });
      assert.throws(nothing, (e) => e instanceof ServiceError && e.code === "PRECONDITION_FAILED" && e.details?.reason === "nothing_to_refund");
      buy(t.ctx, s.id, pkg.id);
      consume(t.ctx, s.id, course.id, 1000, "all"); // paid lot emptied; the gift lot remains
      assert.throws(nothing, (e) => e instanceof ServiceError && e.details?.reason === "nothing_to_refund");
    } finally {
      t.close();
    }
  });

  it("answers 404 for a student outside the caller's scope, or an order that is not the student's", () => {
    const w = world(0);
    try {
      const otherCampus = makeCampus(w.db);
      const finance = makeStaff(w.db, { roles: ["finance"], campusIds: [otherCampus.id] });
      const asOther = w.as(staffActor(finance, ["finance"], [otherCampus.id]));
      assert.throws(() => quoteRefund({ ctx: asOther, input: { studentId: w.student.id } }), (e) => code(e) === "NOT_FOUND");
      const local = makeStaff(w.db, { roles: ["finance"], campusIds: [w.campus.id] });
      const asLocal = w.as(staffActor(local, ["finance"], [w.campus.id]));
      assert.equal(quoteRefund({ ctx: asLocal, input: { studentId: w.student.id } }).grossFen, 234001);

      const stranger = makeStudent(w.db, { campusId: w.campus.id });
      assert.throws(() => quoteRefund({ ctx: asLocal, input: { studentId: stranger.id, orderId: w.orderA.id } }), (e) => code(e) === "NOT_FOUND");
      const teacher = makeStaff(w.db, { roles: ["teacher"] });
      assert.throws(() => quoteRefund({ ctx: w.as(staffActor(teacher, ["teacher"])), input: { studentId: w.student.id } }), (e) => code(e) === "FORBIDDEN");
    } finally {
      w.close();
    }
  });
});

describe("refund text", () => {
  it("formats fen, rates and unit prices from integers", () => {
    assert.equal(yuanText(144000), "¥1,440.00");
    assert.equal(yuanText(-7200), "−¥72.00");
    assert.equal(yuanText(5), "¥0.05");
    assert.equal(yuanText(123456789), "¥1,234,567.89");
    assert.equal(rateText(500), "5%");
    assert.equal(rateText(250), "2.5%");
    assert.equal(rateText(5), "0.05%");
    assert.deepEqual(unitPrice(144000, 800), { fen: 18000, exact: true });
    assert.deepEqual(unitPrice(100000, 3000), { fen: 3333, exact: false });
    assert.equal(unitPrice(50, 0), null);
  });
});
