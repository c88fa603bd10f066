// What a student gets back if refunded now (退费试算), with the breakdown every approver sees:
//   - each remaining PAID lot in scope returns its remaining value exactly (the lot's remaining fen:
//     consumed hours have already been taken out at that lot's own price, so nothing is re-priced);
//   - gift lots are forfeited at zero value (赠送课时不退);
//   - lots already expired but not yet cleared by the expiry job are left out (same test as
//     usableHours / draw order: expiresAt <= now is expired) — the expiry job recognizes them;
//   - handling fee = floor(gross × refundFeeRateBp / 10000) from institution settings, amount = gross − fee.
// The fee is split over the paid lots in proportion to their value (largest remainder), so execution
// can book it per lot and per order to the fen.
import { and, asc, eq, gt, inArray, lt, ne, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { courses, hourAccounts, hourLots, orderItems, orders, type HourLot } from "../../db/schema";
import { notFound, preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { splitProportionally } from "../orders/allocate";
import { getSettings } from "../settings/institutionSettings";
import { parseInput } from "../../core/input";
import { refundScopeSchema } from "./refundSchemas";
import { rateText, unitPrice } from "./refundText";
import { formatHours, formatMoney } from "../../../shared/money";

/** One lot of the quote: what leaves the account and what it is worth. */
export type RefundLotLine = {
  lotId: number;
  accountId: number;
  courseId: number;
  courseName: string;
  /** The order the money came from (for a transferred-in lot, the order of the lot it came from). */
  orderId: number | null;
  orderItemId: number | null;
  /** What people call it: the package name at sale (奥数 20 课时), else the course name. */
  label: string;
  kind: "purchase" | "gift";
  /** refund: paid hours returned at their remaining value; forfeit: gift hours removed at zero. */
  treatment: "refund" | "forfeit";
  remainingHours: number;
  remainingFen: number;
  /** Fen per 课时 of the remaining value (rounded half up for display); null when no hours remain. */
  unitPriceFen: number | null;
  unitPriceExact: boolean;
  /** Value returned before the fee: remainingFen for a paid lot, 0 for a gift lot. */
  refundFen: number;
  /** This lot's share of the handling fee (the shares add up to feeFen). */
  feeFen: number;
  expiresAt: number | null;
  /** zh-CN line, e.g. "奥数 20 课时：剩余 8.00 课时 × ¥180.00 = ¥1,440.00". */
  text: string;
};

/** A lot in scope that is not part of the refund (expired but not yet cleared by the expiry job). */
export type RefundExcludedLot = {
  lotId: number;
  courseId: number;
  label: string;
  kind: "purchase" | "gift";
  remainingHours: number;
  remainingFen: number;
  expiresAt: number | null;
  reason: "expired";
  text: string;
};

/** The quote's money per order: what execution records as that order's refund. */
export type RefundOrderShare = { orderId: number; grossFen: number; feeFen: number; amountFen: number };

export type RefundQuote = {
  studentId: number;
  studentName: string;
  campusId: number;
  /** The scope asked for: one order, one course, both (that order's lots of that course), or all (nulls). */
  orderId: number | null;
  courseId: number | null;
  /** When it was computed (the clock that decided what is expired). */
  at: number;
  feeRateBp: number;
  /** Σ refundFen of the paid lots. */
  grossFen: number;
  /** floor(grossFen × feeRateBp / 10000). */
  feeFen: number;
  /** grossFen − feeFen: what is paid back. */
  amountFen: number;
  /** Paid hours returned, and gift hours forfeited (hundredths). */
  refundHours: number;
  forfeitHours: number;
  lots: RefundLotLine[];
  excluded: RefundExcludedLot[];
  orders: RefundOrderShare[];
  /** The breakdown as zh-CN lines, in display order, ending with "应退 ¥…". */
  lines: string[];
  /** One line for a card title or list: "应退 ¥1,368.00". */
  summary: string;
};

export type RefundScope = z.output<typeof refundScopeSchema>;

/** How far a transferred-in lot is followed back to the purchase it came from. */
const MAX_ORIGIN_DEPTH = 32;

type LotRow = { lot: HourLot; courseId: number; courseName: string; itemName: string | null; itemOrderId: number | null };

function loadLots(ctx: Ctx, scope: RefundScope): LotRow[] {
  const conds: (SQL | undefined)[] = [
    eq(hourLots.studentId, scope.studentId),
    ne(hourLots.kind, "overdraft"),
    or(gt(hourLots.remainingHours, 0), gt(hourLots.remainingFen, 0)),
  ];
  if (scope.courseId !== undefined) conds.push(eq(hourAccounts.courseId, scope.courseId));
  if (scope.orderId !== undefined) {
    const itemIds = ctx.db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, scope.orderId)).all().map((r) => r.id);
    if (itemIds.length === 0) return [];
    conds.push(inArray(hourLots.orderItemId, itemIds));
  }
  return ctx.db
    .select({ lot: hourLots, courseId: hourAccounts.courseId, courseName: courses.name, itemName: orderItems.name, itemOrderId: orderItems.orderId })
    .from(hourLots)
    .innerJoin(hourAccounts, eq(hourAccounts.id, hourLots.accountId))
    .innerJoin(courses, eq(courses.id, hourAccounts.courseId))
    .leftJoin(orderItems, eq(orderItems.id, hourLots.orderItemId))
    .where(and(...conds))
    .orderBy(asc(hourAccounts.courseId), asc(hourLots.id))
    .all();
}

/** The order item a lot's hours were bought with, following transfers back to the source lot. */
function originItem(ctx: Ctx, lot: HourLot): { id: number; orderId: number; name: string } | null {
  let current: HourLot | undefined = lot;
  for (let depth = 0; current && depth < MAX_ORIGIN_DEPTH; depth++) {
    if (current.orderItemId !== null) {
      const item = ctx.db.select({ id: orderItems.id, orderId: orderItems.orderId, name: orderItems.name }).from(orderItems).where(eq(orderItems.id, current.orderItemId)).get();
      return item ?? null;
    }
    if (current.sourceLotId === null) return null;
    current = ctx.db.select().from(hourLots).where(eq(hourLots.id, current.sourceLotId)).get();
  }
  return null;
}

function lotText(l: Omit<RefundLotLine, "text">): string {
  if (l.treatment === "forfeit") return `赠送课时 ${formatHours(l.remainingHours)}（${l.label}）：不退`;
  if (l.unitPriceFen === null) return `${l.label}：剩余课时价值 ${formatMoney(l.refundFen)}`;
  const price = `${l.unitPriceExact ? "" : "约"}${formatMoney(l.unitPriceFen)}`;
  return `${l.label}：剩余 ${formatHours(l.remainingHours)} × ${price} = ${formatMoney(l.refundFen)}`;
}

/**
 * The quote without permission checks, for the verbs here (execution recomputes it inside its
 * transaction). Throws 404 for a student out of scope or an order not the student's, 409 when the
 * account owes hours (overdraft) or when nothing is refundable.
 */
export function computeRefundQuote(ctx: Ctx, scope: RefundScope): RefundQuote {
  const student = getStudentInScope(ctx, scope.studentId);
  if (scope.orderId !== undefined) {
    const order = ctx.db.select({ studentId: orders.studentId }).from(orders).where(eq(orders.id, scope.orderId)).get();
    if (!order || order.studentId !== student.id) throw notFound("订单");
  }
  if (scope.courseId !== undefined && !ctx.db.select({ id: courses.id }).from(courses).where(eq(courses.id, scope.courseId)).get()) {
    throw notFound("课程");
  }
  const now = ctx.clock.now();
  const rows = loadLots(ctx, scope);
  const expired = (lot: HourLot) => lot.expiresAt !== null && lot.expiresAt <= now;
  const live = rows.filter((r) => !expired(r.lot));

  // Owed hours (a negative overdraft lot) were taken without value: refunding the lots beside them
  // would pay out hours the student already used. Settle (or correct) first.
  const accountIds = [...new Set(live.map((r) => r.lot.accountId))];
  if (accountIds.length > 0) {
    const owed = ctx.db
      .select({ accountId: hourLots.accountId, hours: hourLots.remainingHours })
      .from(hourLots)
      .where(and(inArray(hourLots.accountId, accountIds), eq(hourLots.kind, "overdraft"), lt(hourLots.remainingHours, 0)))
      .all();
    if (owed.length > 0) {
      const hours = owed.reduce((s, o) => s - o.hours, 0);
      throw preconditionFailed(`学员欠 ${formatHours(hours)}未结清，请先结清后再退费`, { reason: "owed_hours", owedHours: hours });
    }
  }

  const settings = getSettings({ ctx });
  const feeRateBp = Math.min(10_000, Math.max(0, settings.refundFeeRateBp));
  const base = live.map((r) => {
    const kind = r.lot.kind === "gift" ? "gift" : "purchase";
    const origin = r.lot.orderItemId !== null && r.itemOrderId !== null ? { orderId: r.itemOrderId, name: r.itemName ?? r.courseName } : originItem(ctx, r.lot);
    if (kind === "purchase" && r.lot.remainingFen > 0 && !origin) {
      throw preconditionFailed(`课时批次 #${r.lot.id} 找不到购买它的订单，无法退费`, { reason: "no_origin_order", lotId: r.lot.id });
    }
    const label = r.lot.orderItemId !== null ? (r.itemName ?? r.courseName) : r.lot.sourceLotId !== null ? `${r.courseName}（转入）` : r.courseName;
    const price = kind === "purchase" ? unitPrice(r.lot.remainingFen, r.lot.remainingHours) : null;
    return {
      lotId: r.lot.id,
      accountId: r.lot.accountId,
      courseId: r.courseId,
      courseName: r.courseName,
      orderId: origin?.orderId ?? null,
      orderItemId: r.lot.orderItemId,
      label,
      kind,
      treatment: kind === "purchase" ? "refund" : "forfeit",
      remainingHours: r.lot.remainingHours,
      remainingFen: r.lot.remainingFen,
      unitPriceFen: price?.fen ?? null,
      unitPriceExact: price?.exact ?? true,
      refundFen: kind === "purchase" ? r.lot.remainingFen : 0,
      feeFen: 0,
      expiresAt: r.lot.expiresAt,
    } satisfies Omit<RefundLotLine, "text">;
  });

  const grossFen = base.reduce((s, l) => s + l.refundFen, 0);
  if (grossFen === 0) {
    throw preconditionFailed("没有可退的金额：剩余课时已用完、已过期或只有赠送课时", { reason: "nothing_to_refund" });
  }
  const feeFen = Number((BigInt(grossFen) * BigInt(feeRateBp)) / 10_000n);
  const shares = splitProportionally(feeFen, base.map((l) => l.refundFen));
  const lots: RefundLotLine[] = base.map((l, i) => {
    const line = { ...l, feeFen: shares[i] ?? 0 };
    return { ...line, text: lotText(line) };
  });

  const byOrder = new Map<number, RefundOrderShare>();
  for (const l of lots) {
    if (l.orderId === null || l.refundFen === 0) continue;
    const o = byOrder.get(l.orderId) ?? { orderId: l.orderId, grossFen: 0, feeFen: 0, amountFen: 0 };
    o.grossFen += l.refundFen;
    o.feeFen += l.feeFen;
    o.amountFen = o.grossFen - o.feeFen;
    byOrder.set(l.orderId, o);
  }

  const excluded: RefundExcludedLot[] = rows
    .filter((r) => expired(r.lot))
    .map((r) => {
      const label = r.itemName ?? r.courseName;
      const kind = r.lot.kind === "gift" ? "gift" : "purchase";
      return {
        lotId: r.lot.id,
        courseId: r.courseId,
        label,
        kind,
        remainingHours: r.lot.remainingHours,
        remainingFen: r.lot.remainingFen,
        expiresAt: r.lot.expiresAt,
        reason: "expired",
        text: `已过期${kind === "gift" ? "赠送" : ""}课时 ${formatHours(r.lot.remainingHours)}（${label}）：不退`,
      };
    });

  const amountFen = grossFen - feeFen;
  const summary = `应退 ${formatMoney(amountFen)}`;
  const lines = [
    ...lots.filter((l) => l.treatment === "refund").map((l) => l.text),
    ...lots.filter((l) => l.treatment === "forfeit").map((l) => l.text),
    ...excluded.map((e) => e.text),
    `可退合计 ${formatMoney(grossFen)}`,
    ...(feeRateBp > 0 ? [`手续费 ${rateText(feeRateBp)}：${formatMoney(-feeFen)}`] : []),
    summary,
  ];
  return {
    studentId: student.id,
    studentName: student.name,
    campusId: student.campusId,
    orderId: scope.orderId ?? null,
    courseId: scope.courseId ?? null,
    at: now,
    feeRateBp,
    grossFen,
    feeFen,
    amountFen,
    refundHours: lots.filter((l) => l.treatment === "refund").reduce((s, l) => s + l.remainingHours, 0),
    forfeitHours: lots.filter((l) => l.treatment === "forfeit").reduce((s, l) => s + l.remainingHours, 0),
    lots,
    excluded,
    orders: [...byOrder.values()].sort((a, b) => a.orderId - b.orderId),
    lines,
    summary,
  };
}

/** The refund quote an approver or finance sees. Read-only. */
export function quoteRefund({ ctx, input }: { ctx: Ctx; input: z.input<typeof refundScopeSchema> }): RefundQuote {
  requirePermission(ctx.actor, "orders.read");
  return computeRefundQuote(ctx, parseInput(refundScopeSchema, input));
}
