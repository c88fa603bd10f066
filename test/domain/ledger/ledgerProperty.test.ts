// Property: over random sequences of purchases (orders paid in full or in parts), gifts, consumptions,
// corrections, transfers, refunds and expiries, both ledger identities hold after every step, every
// cached lot balance equals its entries, and no balance goes negative unless the course allows overdraft.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { hourLots, hourAccounts, courses, ledgerOps, orders } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import { expireLots } from "../../../server/domain/ledger/expireLots";
import { reverseOp } from "../../../server/domain/ledger/reverseOp";
import { transferHours } from "../../../server/domain/ledger/transferHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { completeRefund } from "../../../server/domain/orders/completeRefund";
import { startRefund } from "../../../server/domain/orders/startRefund";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { reconcile } from "../../../server/domain/reports/reconcile";
import { inTransaction, type Ctx } from "../../../server/core/context";
import { makeCampus, makeCourse, makePackage, makeStudent } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

const DAY = 24 * 3600 * 1000;

type Action =
  | { t: "order"; student: number; pkg: number; parts: number; discount: number }
  | { t: "pay"; order: number; share: number }
  | { t: "gift"; student: number; course: number; hours: number; days: number | null }
  | { t: "consume"; student: number; course: number; hours: number; absence: boolean }
  | { t: "correct"; pick: number }
  | { t: "transfer"; from: number; to: number; course: number; toCourse: number; hours: number }
  | { t: "refund"; order: number }
  | { t: "advance"; days: number };

const student = fc.integer({ min: 0, max: 1 });
const course = fc.integer({ min: 0, max: 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("order" as const), student, pkg: fc.integer({ min: 0, max: 3 }), parts: fc.integer({ min: 1, max: 3 }), discount: fc.integer({ min: 0, max: 5000 }) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant("pay" as const), order: fc.nat(20), share: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("gift" as const), student, course, hours: fc.integer({ min: 1, max: 1000 }), days: fc.option(fc.integer({ min: 1, max: 60 })) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant("consume" as const), student, course, hours: fc.integer({ min: 1, max: 600 }), absence: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("correct" as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("transfer" as const), from: student, to: student, course, toCourse: course, hours: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("refund" as const), order: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 40 }) }) },
);

/** Runs one step; a refusal (409/400) is allowed but must leave nothing written. */
function step(ctx: Ctx, world: World, a: Action, n: number): void {
  const sid = world.students[a.t === "transfer" ? a.from : "student" in a ? a.student : 0] ?? 0;
  const attempt = (fn: () => void) => {
    try {
      inTransaction(ctx, () => fn());
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
    }
  };
  switch (a.t) {
    case "order": {
      const pkg = world.packages[a.pkg];
      if (pkg === undefined) return;
      const price = world.prices[a.pkg] ?? 0;
      const discount = Math.min(a.discount, price);
      const payable = price - discount;
      const parts = Array.from({ length: a.parts }, (_, i) => ({
        dueDate: `2026-0${3 + i}-15`,
        amountFen: i === a.parts - 1 ? payable - Math.floor(payable / a.parts) * (a.parts - 1) : Math.floor(payable / a.parts),
      })).filter((p) => p.amountFen > 0);
      attempt(() => {
        const o = createOrder({ ctx, input: { studentId: sid, items: [{ packageId: pkg }], discounts: discount > 0 ? [{ amountFen: discount, reason: "优惠" }] : [], installments: parts } });
        world.orders.push(o.id);
      });
      return;
    }
    case "pay": {
      const id = world.orders[a.order % Math.max(1, world.orders.length)];
      if (id === undefined) return;
      const o = ctx.db.select().from(orders).where(eq(orders.id, id)).get();
      if (!o) return;
      const amount = Math.max(1, Math.floor(((o.payableFen - o.paidFen) * a.share) / 100));
      attempt(() => void recordPayment({ ctx, input: { orderId: id, amountFen: amount, method: "wechat", transactionNo: `tx${n}` } }));
      return;
    }
    case "gift":
      attempt(() => void creditGift(ctx, { studentId: sid, courseId: world.courses[a.course] ?? 0, hours: a.hours, key: `gift${n}`, reason: "赠课", refType: "manual", expiresAt: a.days === null ? null : ctx.clock.now() + a.days * DAY }));
      return;
    case "consume":
      attempt(() => void consumeHours(ctx, { studentId: sid, courseId: world.courses[a.course] ?? 0, hours: a.hours, kind: a.absence ? "absence" : "attendance", key: `c${n}`, reason: "上课", refType: "manual" }));
      return;
    case "correct": {
      const ops = ctx.db.select().from(ledgerOps).all().filter((o) => o.kind === "attendance" || o.kind === "absence");
      const op = ops[a.pick % Math.max(1, ops.length)];
      if (op) attempt(() => void reverseOp(ctx, { opId: op.id, reason: "冲正" }));
      return;
    }
    case "transfer":
      attempt(() => void transferHours(ctx, { fromStudentId: sid, fromCourseId: world.courses[a.course] ?? 0, toStudentId: world.students[a.to] ?? 0, toCourseId: world.courses[a.toCourse] ?? 0, hours: a.hours, reason: "转课", key: `t${n}` }));
      return;
    case "refund": {
      const id = world.orders[a.order % Math.max(1, world.orders.length)];
      if (id === undefined) return;
      attempt(() => {
        startRefund({ ctx, input: { orderId: id, reason: "家长申请退费" } });
        completeRefund({ ctx, input: { orderId: id } });
      });
      return;
    }
    case "advance": {
      world.advance(a.days * DAY);
      attempt(() => void expireLots({ ctx }));
      return;
    }
  }
}

type World = { students: number[]; courses: number[]; packages: number[]; prices: number[]; orders: number[]; advance(ms: number): void };

function checkInvariants(ctx: Ctx, label: string) {
  const result = reconcile({ ctx });
  assert.deepEqual(result.discrepancies, [], `${label}: reconcile found discrepancies`);
  const lots = ctx.db
    .select({ lot: hourLots, allow: courses.allowOverdraft })
    .from(hourLots)
    .innerJoin(hourAccounts, eq(hourAccounts.id, hourLots.accountId))
    .innerJoin(courses, eq(courses.id, hourAccounts.courseId))
    .all();
  for (const { lot, allow } of lots) {
    assert.ok(lot.remainingFen >= 0, `${label}: lot ${lot.id} value negative`);
    if (lot.kind !== "overdraft") assert.ok(lot.remainingHours >= 0, `${label}: lot ${lot.id} hours negative`);
    else if (!allow) assert.ok(lot.remainingHours >= 0, `${label}: overdraft on a course without overdraft`);
  }
}

describe("ledger invariants (property)", () => {
  it("hold after every step of random sequences", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 10, maxLength: 60, size: "large" }), (actions) => {
        const t = testDb();
        try {
          const campus = makeCampus(t.db);
          const c1 = makeCourse(t.db, { allowOverdraft: false });
          const c2 = makeCourse(t.db, { allowOverdraft: true, type: "one_on_one" });
          const pkgs = [
            makePackage(t.db, { courseId: c1.id, hours: 2000, giftHours: 200, priceFen: 300000, validityDays: 30 }),
            makePackage(t.db, { courseId: c1.id, hours: 1000, giftHours: 0, priceFen: 100000, validityDays: null }),
            makePackage(t.db, { courseId: c2.id, hours: 3000, giftHours: 300, priceFen: 100001, validityDays: 10 }),
            makePackage(t.db, { courseId: c2.id, hours: 150, giftHours: 50, priceFen: 9999, validityDays: null }),
          ];
          const world: World = {
            students: [makeStudent(t.db, { campusId: campus.id }).id, makeStudent(t.db, { campusId: campus.id }).id],
            courses: [c1.id, c2.id],
            packages: pkgs.map((p) => p.id),
            prices: pkgs.map((p) => p.priceFen),
            orders: [],
            advance: (ms) => t.clock.advance(ms),
          };
          actions.forEach((a, i) => {
            step(t.ctx, world, a, i);
            checkInvariants(t.ctx, `step ${i} ${JSON.stringify(a)}`);
          });
        } finally {
          t.close();
        }
      }),
      { numRuns: 120 },
    );
  });
});
