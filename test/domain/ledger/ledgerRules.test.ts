// The ledger's documented rules, each on a small worked example.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { hourLots, ledgerEntries, ledgerOps, type HourLot } from "../../../server/db/schema";
import { sortForDraw } from "../../../server/domain/ledger/drawOrder";
import { valueShare } from "../../../server/domain/ledger/valueShare";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { expireLots } from "../../../server/domain/ledger/expireLots";
import { reverseOp } from "../../../server/domain/ledger/reverseOp";
import { transferHours } from "../../../server/domain/ledger/transferHours";
import { reconcile, studentTotals } from "../../../server/domain/reports/reconcile";
import { makeCampus, makeCourse, makePackage, makeStudent } from "../../helpers/factories";
import type { Ctx } from "../../../server/core/context";
import { testDb } from "../../helpers/testDb";
import { T0 } from "../../helpers/testApp";

const DAY = 24 * 3600 * 1000;
const lot = (o: Partial<HourLot> & { id: number }): HourLot => ({
  accountId: 1,
  studentId: 1,
  kind: "purchase",
  orderItemId: null,
  sourceLotId: null,
  creditedHours: 100,
  creditedFen: 100,
  remainingHours: 100,
  remainingFen: 100,
  expiresAt: null,
  createdAt: 0,
  ...o,
});

describe("draw order", () => {
  it("takes the earliest expiry first, purchase before gift at the same expiry, never-expiring last", () => {
    const lots = [
      lot({ id: 1, expiresAt: null }),
      lot({ id: 2, kind: "gift", expiresAt: 2000 }),
      lot({ id: 3, expiresAt: 2000 }),
      lot({ id: 4, kind: "gift", expiresAt: 1500 }),
      lot({ id: 5, kind: "gift", expiresAt: null }),
      lot({ id: 6, expiresAt: 900 }),
      lot({ id: 7, remainingHours: 0 }),
      lot({ id: 8, kind: "overdraft", remainingHours: 50 }),
    ];
    assert.deepEqual(sortForDraw(lots, 1000).map((l) => l.id), [4, 3, 2, 1, 5, 8]);
  });
});

describe("valueShare", () => {
  it("splits a lot's value in proportion, rounding half up, and empties it exactly", () => {
    assert.equal(valueShare(100000, 3000, 100), 3333);
    assert.equal(valueShare(100000, 3000, 150), 5000);
    assert.equal(valueShare(1, 3, 1), 0);
    assert.equal(valueShare(2, 3, 1), 1);
    assert.equal(valueShare(100000, 3000, 3000), 100000);
    let v = 100000;
    let h = 3000;
    while (h > 0) {
      const take = Math.min(h, 70);
      v -= valueShare(v, h, take);
      h -= take;
    }
    assert.equal(v, 0);
  });
});

/** Buys hours the real way: a package, an order, one full payment. */
function buy(ctx: Ctx, studentId: number, courseId: number, hours: number, fen: number, validityDays: number | null) {
  const pkg = makePackage(ctx.db, { courseId, hours, giftHours: 0, priceFen: fen, validityDays });
  const order = createOrder({ ctx, input: { studentId, items: [{ packageId: pkg.id }] } });
  recordPayment({ ctx, input: { orderId: order.id, amountFen: fen, method: "cash" } });
}

function setup(allowOverdraft = false) {
  const t = testDb();
  const campus = makeCampus(t.db);
  const course = makeCourse(t.db, { allowOverdraft });
  const student = makeStudent(t.db, { campusId: campus.id });
  const base = { studentId: student.id, courseId: course.id, refType: "manual" };
  return { ...t, course, student, base };
}

describe("consumption", () => {
  it("recognizes revenue at each drawn lot's price and is keyed", () => {
    const { ctx, db, base, student, close } = setup();
    buy(ctx, base.studentId, base.courseId, 1000, 150000, 10);
    buy(ctx, base.studentId, base.courseId, 1000, 100000, null);
    const op = consumeHours(ctx, { ...base, hours: 1200, kind: "attendance", key: "att:1", reason: "上课" });
    assert.equal(op.hours, -1200);
    assert.equal(op.recognizedFen, 150000 + 20000);
    const again = consumeHours(ctx, { ...base, hours: 1200, kind: "attendance", key: "att:1", reason: "上课" });
    assert.equal(again.id, op.id);
    assert.equal(db.select().from(ledgerOps).where(eq(ledgerOps.kind, "attendance")).all().length, 1);
    assert.equal(studentTotals(db, student.id)?.remainingHours, 800);
    close();
  });

  it("refuses to go below zero without overdraft and writes nothing", () => {
    const { ctx, db, base, close } = setup(false);
    creditGift(ctx, { ...base, hours: 100, key: "g", reason: "赠", expiresAt: null });
    assert.throws(() => consumeHours(ctx, { ...base, hours: 200, kind: "attendance", reason: "上课" }), /课时不足/);
    assert.equal(db.select().from(ledgerOps).all().length, 1);
    close();
  });

  it("with overdraft owes the hours and settles them from the next purchase at its price", () => {
    const { ctx, db, base, student, close } = setup(true);
    consumeHours(ctx, { ...base, hours: 200, kind: "attendance", reason: "上课" });
    assert.equal(studentTotals(db, student.id)?.remainingHours, -200);
    buy(ctx, base.studentId, base.courseId, 1000, 50000, null);
    const totals = studentTotals(db, student.id);
    assert.equal(totals?.remainingHours, 800);
    assert.equal(totals?.recognizedFen, 10000);
    assert.equal(db.select().from(ledgerOps).where(eq(ledgerOps.kind, "settle")).all().length, 1);
    assert.deepEqual(reconcile({ ctx }).discrepancies, []);
    close();
  });
});

describe("corrections, transfers and expiry", () => {
  it("a correction puts the same hours and value back in the same lots, once", () => {
    const { ctx, db, base, student, close } = setup();
    buy(ctx, base.studentId, base.courseId, 1000, 100000, null);
    const op = consumeHours(ctx, { ...base, hours: 300, kind: "absence", reason: "缺勤扣课" });
    const fix = reverseOp(ctx, { opId: op.id, reason: "误扣" });
    assert.equal(fix.kind, "correction");
    assert.equal(fix.hours, 300);
    assert.equal(fix.recognizedFen, -30000);
    assert.equal(studentTotals(db, student.id)?.remainingHours, 1000);
    assert.throws(() => reverseOp(ctx, { opId: op.id, reason: "再冲" }), /已经冲正/);
    assert.throws(() => reverseOp(ctx, { opId: fix.id, reason: "冲冲正" }), /只有扣课/);
    assert.equal(db.select().from(ledgerEntries).where(eq(ledgerEntries.opId, op.id)).all().length, 1, "the original row stays");
    close();
  });

  it("a transfer carries hours with their value and expiry to the other account", () => {
    const { ctx, db, base, student, close } = setup();
    const other = makeCourse(db);
    buy(ctx, base.studentId, base.courseId, 1000, 100000, 5);
    transferHours(ctx, { fromStudentId: student.id, fromCourseId: base.courseId, toStudentId: student.id, toCourseId: other.id, hours: 400, reason: "转课", key: "tr1" });
    const moved = db.select().from(hourLots).where(eq(hourLots.sourceLotId, 1)).all();
    assert.equal(moved.length, 1);
    assert.equal(moved[0]?.remainingHours, 400);
    assert.equal(moved[0]?.remainingFen, 40000);
    const source = db.select().from(hourLots).where(eq(hourLots.id, 1)).get();
    assert.ok(source?.expiresAt);
    assert.equal(moved[0]?.expiresAt, source.expiresAt);
    transferHours(ctx, { fromStudentId: student.id, fromCourseId: base.courseId, toStudentId: student.id, toCourseId: other.id, hours: 400, reason: "转课", key: "tr1" });
    assert.equal(db.select().from(hourLots).where(eq(hourLots.sourceLotId, 1)).all().length, 1, "keyed: a retry moves nothing");
    assert.deepEqual(reconcile({ ctx }).discrepancies, []);
    close();
  });

  it("expiry takes what is left after the expiry instant and recognizes its value, and repeats safely", () => {
    const { ctx, db, base, student, clock, close } = setup();
    buy(ctx, base.studentId, base.courseId, 1000, 100000, 1);
    consumeHours(ctx, { ...base, hours: 100, kind: "attendance", reason: "上课" });
    clock.set(T0 + DAY);
    assert.equal(expireLots({ ctx }).lots, 0, "valid through the end of the next business day");
    clock.set(T0 + 2 * DAY);
    assert.deepEqual(expireLots({ ctx }), { lots: 1, hours: 900, fen: 90000 });
    assert.deepEqual(expireLots({ ctx }), { lots: 0, hours: 0, fen: 0 });
    const totals = studentTotals(db, student.id);
    assert.equal(totals?.expiredHours, 900);
    assert.equal(totals?.recognizedFen, 100000);
    assert.throws(() => consumeHours(ctx, { ...base, hours: 1, kind: "attendance", reason: "上课" }), /课时不足/);
    close();
  });
});

describe("reconcile", () => {
  it("lists a student whose cached balance was tampered with", () => {
    const { ctx, db, base, close } = setup();
    buy(ctx, base.studentId, base.courseId, 1000, 100000, null);
    assert.equal(reconcile({ ctx }).ok, true);
    db.update(hourLots).set({ remainingHours: 1100 }).run();
    const result = reconcile({ ctx });
    assert.equal(result.ok, false);
    assert.deepEqual(result.discrepancies.map((d) => d.check).sort(), ["hours", "lot_cache"]);
    close();
  });
});
