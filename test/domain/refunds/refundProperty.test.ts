// Property: after random purchases (paid in full or in parts), gifts, consumptions, transfers and time
// passing (with or without the expiry job), a quote for a random scope followed by its execution keeps
// reconcile clean, takes exactly the quote's gross out of the deferred value (fee recognized, the rest
// paid back), empties exactly the quoted lots, and a refusal writes nothing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { count, eq, gt } from "drizzle-orm";
import { hourLots, institutionSettings, ledgerOps, orderRefunds, orders } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { inTransaction, type Ctx } from "../../../server/core/context";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import { expireLots } from "../../../server/domain/ledger/expireLots";
import { transferHours } from "../../../server/domain/ledger/transferHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { reconcile } from "../../../server/domain/reports/reconcile";
import { executeRefund } from "../../../server/domain/refunds/executeRefund";
import { computeRefundQuote, type RefundQuote } from "../../../server/domain/refunds/quoteRefund";
import { getSettings } from "../../../server/domain/settings/institutionSettings";
import { makeCampus, makeCourse, makePackage, makeStudent } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

const DAY = 24 * 3600 * 1000;

type Action =
  | { t: "order"; student: number; pkg: number; share: number }
  | { t: "gift"; student: number; course: number; hours: number; days: number | null }
  | { t: "consume"; student: number; course: number; hours: number }
  | { t: "transfer"; from: number; to: number; course: number; toCourse: number; hours: number }
  | { t: "advance"; days: number; expire: boolean };

const who = fc.integer({ min: 0, max: 1 });
const course = fc.integer({ min: 0, max: 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant("order" as const), student: who, pkg: fc.integer({ min: 0, max: 3 }), share: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("gift" as const), student: who, course, hours: fc.integer({ min: 1, max: 800 }), days: fc.option(fc.integer({ min: 1, max: 40 })) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant("consume" as const), student: who, course, hours: fc.integer({ min: 1, max: 900 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("transfer" as const), from: who, to: who, course, toCourse: course, hours: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 25 }), expire: fc.boolean() }) },
);

const refundArb = fc.record({
  student: who,
  scope: fc.constantFrom("all" as const, "course" as const, "order" as const),
  pick: fc.nat(20),
  feeBp: fc.oneof(fc.constant(0), fc.constant(500), fc.integer({ min: 0, max: 10_000 })),
});

type World = { students: number[]; courses: number[]; packages: number[]; orders: { id: number; student: number }[] };

function step(ctx: Ctx, w: World, a: Action, n: number, advance: (ms: number) => void) {
  const attempt = (fn: () => void) => {
    try {
      inTransaction(ctx, () => fn());
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
    }
  };
  const sid = (i: number) => w.students[i] ?? 0;
  const cid = (i: number) => w.courses[i] ?? 0;
  switch (a.t) {
    case "order":
      attempt(() => {
        const o = createOrder({ ctx, input: { studentId: sid(a.student), items: [{ packageId: w.packages[a.pkg] ?? 0 }] } });
        w.orders.push({ id: o.id, student: a.student });
        const amount = Math.max(1, Math.floor((o.payableFen * a.share) / 100));
        recordPayment({ ctx, input: { orderId: o.id, amountFen: amount, method: "wechat", transactionNo: `tx${n}` } });
      });
      return;
    case "gift":
      attempt(() => void creditGift(ctx, { studentId: sid(a.student), courseId: cid(a.course), hours: a.hours, key: `gift${n}`, reason: "赠课", refType: "manual", expiresAt: a.days === null ? null : ctx.clock.now() + a.days * DAY }));
      return;
    case "consume":
      attempt(() => void consumeHours(ctx, { studentId: sid(a.student), courseId: cid(a.course), hours: a.hours, kind: "attendance", key: `c${n}`, reason: "上课", refType: "manual" }));
      return;
    case "transfer":
      attempt(() => void transferHours(ctx, { fromStudentId: sid(a.from), fromCourseId: cid(a.course), toStudentId: sid(a.to), toCourseId: cid(a.toCourse), hours: a.hours, reason: "转课", key: `t${n}` }));
      return;
    case "advance":
      advance(a.days * DAY);
      if (a.expire) attempt(() => void expireLots({ ctx }));
      return;
  }
}

function snapshot(ctx: Ctx) {
  return {
    ops: ctx.db.select({ n: count() }).from(ledgerOps).get()?.n,
    refunds: ctx.db.select({ n: count() }).from(orderRefunds).get()?.n,
    orders: ctx.db.select().from(orders).all(),
    lots: ctx.db.select().from(hourLots).all(),
  };
}

describe("refund (property)", () => {
  it("quote then execute keeps reconcile clean and refunds exactly the quoted gross", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 3, maxLength: 30 }), refundArb, (actions, r) => {
        const t = testDb();
        try {
          getSettings({ ctx: t.ctx });
          t.db.update(institutionSettings).set({ refundFeeRateBp: r.feeBp }).run();
          const campus = makeCampus(t.db);
          const c1 = makeCourse(t.db, { allowOverdraft: false });
          const c2 = makeCourse(t.db, { allowOverdraft: true, type: "one_on_one" });
          const pkgs = [
            makePackage(t.db, { courseId: c1.id, hours: 2000, giftHours: 200, priceFen: 300000, validityDays: 30 }),
            makePackage(t.db, { courseId: c1.id, hours: 1000, giftHours: 0, priceFen: 100000, validityDays: null }),
            makePackage(t.db, { courseId: c2.id, hours: 3000, giftHours: 300, priceFen: 100001, validityDays: 10 }),
            makePackage(t.db, { courseId: c2.id, hours: 150, giftHours: 50, priceFen: 9999, validityDays: null }),
          ];
          const w: World = {
            students: [makeStudent(t.db, { campusId: campus.id }).id, makeStudent(t.db, { campusId: campus.id }).id],
            courses: [c1.id, c2.id],
            packages: pkgs.map((p) => p.id),
            orders: [],
          };
          actions.forEach((a, i) => step(t.ctx, w, a, i, (ms) => t.clock.advance(ms)));
          assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, [], "clean before the refund");

          const studentId = w.students[r.student] ?? 0;
          const own = w.orders.filter((o) => o.student === r.student);
          const scope =
            r.scope === "course"
              ? { studentId, courseId: w.courses[r.pick % 2] }
              : r.scope === "order" && own.length > 0
                ? { studentId, orderId: own[r.pick % own.length]?.id }
                : { studentId };

          const before = snapshot(t.ctx);
          let quote: RefundQuote;
          try {
            quote = computeRefundQuote(t.ctx, scope);
          } catch (err) {
            assert.ok(err instanceof ServiceError && err.code === "PRECONDITION_FAILED", String(err));
            assert.ok(["nothing_to_refund", "owed_hours"].includes(String(err.details?.reason)));
            assert.deepEqual(snapshot(t.ctx), before);
            if (err.details?.reason === "nothing_to_refund") {
              const now = t.clock.now();
              const refundable = t.db
                .select()
                .from(hourLots)
                .where(gt(hourLots.remainingFen, 0))
                .all()
                .filter((l) => l.studentId === studentId && l.kind === "purchase" && (l.expiresAt === null || l.expiresAt > now));
              if (scope.courseId === undefined && scope.orderId === undefined) assert.deepEqual(refundable, [], "nothing to refund means no live paid value");
            }
            return;
          }
          assert.equal(quote.amountFen, quote.grossFen - quote.feeFen);
          assert.equal(quote.feeFen, Math.floor((quote.grossFen * r.feeBp) / 10_000));
          assert.equal(quote.lots.reduce((s, l) => s + l.refundFen, 0), quote.grossFen);
          assert.equal(quote.orders.reduce((s, o) => s + o.amountFen, 0), quote.amountFen);

          // A stale approved amount is refused and writes nothing.
          assert.throws(
            () => executeRefund({ ctx: t.ctx, input: { ...scope, expectedAmountFen: quote.amountFen + 1, payoutMethod: "cash", idempotencyKey: "property-stale" } }),
            (e) => e instanceof ServiceError && e.code === "CONFLICT",
          );
          assert.deepEqual(snapshot(t.ctx), before);

          const maxOp = before.ops ?? 0;
          const result = executeRefund({ ctx: t.ctx, input: { ...scope, expectedAmountFen: quote.amountFen, payoutMethod: "original", reference: "ref-1", idempotencyKey: "property-key" } });
          assert.equal(result.grossFen, quote.grossFen);
          const newOps = t.db.select().from(ledgerOps).all().filter((o) => o.id > maxOp);
          assert.ok(newOps.every((o) => o.kind === "refund"));
          assert.equal(-newOps.reduce((s, o) => s + o.fen, 0), quote.grossFen, "refunded fen equals the quote's gross");
          assert.equal(newOps.reduce((s, o) => s + o.recognizedFen, 0), quote.feeFen, "the fee is recognized");
          const newRefunds = t.db.select().from(orderRefunds).all().slice(before.refunds ?? 0);
          assert.equal(newRefunds.reduce((s, x) => s + x.amountFen, 0), quote.amountFen, "paid back = amount");
          for (const l of quote.lots) {
            const lot = t.db.select().from(hourLots).where(eq(hourLots.id, l.lotId)).get();
            assert.deepEqual([lot?.remainingHours, lot?.remainingFen], [0, 0], `lot ${l.lotId} emptied`);
          }
          assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, [], "clean after the refund");

          const retry = executeRefund({ ctx: t.ctx, input: { ...scope, expectedAmountFen: quote.amountFen, payoutMethod: "original", reference: "ref-1", idempotencyKey: "property-key" } });
          assert.equal(retry.replayed, true);
          assert.equal(t.db.select({ n: count() }).from(ledgerOps).get()?.n, maxOp + newOps.length);

          t.clock.advance(60 * DAY);
          expireLots({ ctx: t.ctx });
          assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, [], "clean after the expiry job");
        } finally {
          t.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
