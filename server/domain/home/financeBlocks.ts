// Finance's (财务) home blocks, over students in the caller's scope: refunds approved whose money is not
// sent yet (待打款, the longest waiting first), and orders with an installment past its due date that payments do not
// cover yet (逾期分期, longest overdue first).
import { and, asc, eq, exists, inArray, lt } from "drizzle-orm";
import { installments, orders, students } from "../../db/schema";
import { businessDate } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { studentScopeCondition } from "../access/studentScope";
import { listPendingPayouts, type PendingPayout } from "../refunds/pendingPayouts";
import { HOME_ROWS, type HomeList } from "./homeList";

/** More unpaid orders with a past due date than a school has: the scan stays bounded. */
const SCAN_LIMIT = 1000;
/** The most refunds 待打款 read (the count shows "100+" beyond). */
export const PAYOUTS_LIMIT = 100;

/** Refunds 待打款 (refunds/pendingPayouts.ts), the longest waiting first. */
export function pendingPayoutsBlock(ctx: Ctx): HomeList<PendingPayout> {
  const { items } = listPendingPayouts({ ctx, input: { limit: PAYOUTS_LIMIT } });
  return { total: items.length, items: items.slice(0, HOME_ROWS) };
}

export type OverdueOrderRow = {
  orderId: number;
  studentId: number;
  studentName: string;
  /** The due date of the first installment payments do not cover. */
  dueDate: string;
  /** What was due by yesterday and is not paid. */
  overdueFen: number;
  /** What is still to pay on the order in all. */
  unpaidFen: number;
};

export function overdueInstallmentsBlock(ctx: Ctx): HomeList<OverdueOrderRow> {
  const today = businessDate(ctx.clock.now(), ctx.tz);
  const pastDue = ctx.db
    .select({ one: installments.id })
    .from(installments)
    .where(and(eq(installments.orderId, orders.id), lt(installments.dueDate, today)));
  const candidates = ctx.db
    .select({ orderId: orders.id, paidFen: orders.paidFen, payableFen: orders.payableFen, studentId: students.id, studentName: students.name })
    .from(orders)
    .innerJoin(students, eq(students.id, orders.studentId))
    .where(and(inArray(orders.status, ["pending_payment", "partially_paid"]), exists(pastDue), studentScopeCondition(ctx.actor)))
    .limit(SCAN_LIMIT)
    .all();
  if (candidates.length === 0) return { total: 0, items: [] };
  const plans = ctx.db
    .select()
    .from(installments)
    .where(inArray(installments.orderId, candidates.map((c) => c.orderId)))
    .orderBy(asc(installments.orderId), asc(installments.seq))
    .all();
  const byOrder = new Map<number, typeof plans>();
  for (const p of plans) byOrder.set(p.orderId, [...(byOrder.get(p.orderId) ?? []), p]);
  const overdue: OverdueOrderRow[] = [];
  for (const order of candidates) {
    let due = 0;
    let firstUncovered: string | undefined;
    for (const i of (byOrder.get(order.orderId) ?? []).filter((p) => p.dueDate < today)) {
      due += i.amountFen;
      if (firstUncovered === undefined && due > order.paidFen) firstUncovered = i.dueDate;
    }
    if (firstUncovered === undefined) continue;
    overdue.push({
      orderId: order.orderId,
      studentId: order.studentId,
      studentName: order.studentName,
      dueDate: firstUncovered,
      overdueFen: due - order.paidFen,
      unpaidFen: order.payableFen - order.paidFen,
    });
  }
  overdue.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.orderId - b.orderId);
  return { total: overdue.length, items: overdue.slice(0, HOME_ROWS) };
}
