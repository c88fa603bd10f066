// Finance executes an approved refund (退费执行): recompute the quote, refuse if the amount moved since
// approval, else in one transaction take the lots out of the ledger, record the money paid back per
// order, move the orders, and write the audit row. Keyed by the client's idempotency key.
//
// How it is booked (and why reconcile stays clean):
//   - one ledger operation of kind `refund` per hour account, keyed `refund:exec:<key>:<accountId>`:
//       paid lot:  hours −remaining, fen −remaining value, recognizedFen +its share of the fee
//       gift lot:  hours −remaining, fen 0 (forfeited: counted as refunded hours at zero value, the same
//                  way the orders module's completeRefund / refundLots remove gift hours)
//     Expired-but-uncleared lots are not touched; the expiry job recognizes them as usual.
//   - The handling fee is revenue the institution keeps (确认收入): it never goes back to the customer,
//     and it is earned by the refund itself, so it is recognized on the refund operation's lines. The
//     deferred value of the lots (G) thus splits into revenue (F) and money paid back (G − F).
//     reconcile counts a refund op's money as −(fen + recognizedFen) = G − F, which must equal the
//     order_refunds rows (G − F, the payout): money identity paid = recognized + refunded + deferred
//     holds because recognized grows by F, refunded by G − F and deferred falls by G.
//     refundLots cannot express that (it books recognizedFen 0), hence the direct appendOp.
//   - one order_refunds row per order the money came from, amount = that order's payout (G − F share);
//     the payout (method, reference, when, by whom) is in its payout columns: `paid` now, or `pending`
//     (待打款) when finance approves first and pays later (recordRefundPayout sets it paid). Its reason
//     says what was refunded and the fee, not the payout. orders.refunded_fen grows by the payout.
//   - an order all of whose usable lots are now empty goes to `refunded` (through startRefund when it
//     is not already `refunding`, then refunding → refunded here: completeRefund itself would refund
//     at zero fee and also take expired lots). An order that keeps hours (a refund of one course of a
//     two-course order) keeps its status and only shows refundedFen.
import { and, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { auditLog, hourLots, ledgerOps, orderItems, orderRefunds, orders, type OrderStatus, type PayoutStatus } from "../../db/schema";
import { conflict, preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { appendOp, type Line } from "../ledger/appendOp";
import { getAccount } from "../ledger/hourAccounts";
import { startRefund } from "../orders/startRefund";
import { endEmptiedEnrollments } from "../scheduling/endEnrollments";
import { parseInput } from "../../core/input";
import { computeRefundQuote, type RefundQuote } from "./quoteRefund";
import { refundExecuteSchema, type RefundPayoutMethod } from "./refundSchemas";
import { formatMoney } from "../../../shared/money";

export type RefundOrderResult = {
  orderId: number;
  orderRefundId: number;
  grossFen: number;
  feeFen: number;
  amountFen: number;
  /** The order's status after execution (`refunded` when nothing usable is left on it). */
  status: OrderStatus;
};

export type RefundExecution = {
  studentId: number;
  orderId: number | null;
  courseId: number | null;
  idempotencyKey: string;
  payoutMethod: RefundPayoutMethod;
  reference: string;
  /** pending: booked, the money not yet sent (待打款). */
  payoutStatus: PayoutStatus;
  grossFen: number;
  feeFen: number;
  amountFen: number;
  /** The quote as executed (the breakdown the payout was made from). */
  quote: RefundQuote;
  ledgerOpIds: number[];
  orders: RefundOrderResult[];
  executedAt: number;
  executedBy: string;
  /** True when this call was a retry of an execution already done (nothing written). */
  replayed: boolean;
};

const AUDIT_ACTION = "refund.execute";
const opKeyPrefix = (idempotencyKey: string) => `refund:exec:${idempotencyKey}:`;

/** Statuses an order may be refunded from (startRefund's) plus `refunding` (the approval already started it). */
const REFUNDABLE_FROM: readonly OrderStatus[] = ["partially_paid", "paid", "completed"];

/** The first execution under this key, if any (found through its ledger ops, read back from its audit row). */
function findExecution(ctx: Ctx, idempotencyKey: string): RefundExecution | undefined {
  const prefix = opKeyPrefix(idempotencyKey);
  // A range on the unique key index: every key that starts with the prefix.
  // Keys may contain ":", so only `<prefix><accountId>` counts (not a longer key that shares the prefix).
  const op = ctx.db
    .select({ studentId: ledgerOps.studentId, key: ledgerOps.key })
    .from(ledgerOps)
    .where(and(sql`${ledgerOps.key} >= ${prefix}`, sql`${ledgerOps.key} < ${`${prefix}\uffff`}`))
    .all()
    .find((o) => /^\d+$/.test((o.key ?? "").slice(prefix.length)));
  if (!op) return undefined;
  const rows = ctx.db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "student"), eq(auditLog.entityId, op.studentId), eq(auditLog.action, AUDIT_ACTION)))
    .all();
  for (const row of rows) {
    const details = JSON.parse(row.details) as { result?: RefundExecution };
    if (details.result?.idempotencyKey === idempotencyKey) return details.result;
  }
  throw conflict("该幂等键已用于另一笔课时操作", { idempotencyKey });
}

/** True when the order still has hours or value that could be used (non-expired, non-empty lots). */
function orderHasUsableLots(ctx: Ctx, orderId: number, now: number): boolean {
  const itemIds = ctx.db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, orderId)).all().map((r) => r.id);
  if (itemIds.length === 0) return false;
  return ctx.db
    .select({ id: hourLots.id, expiresAt: hourLots.expiresAt })
    .from(hourLots)
    .where(and(inArray(hourLots.orderItemId, itemIds), ne(hourLots.kind, "overdraft"), or(gt(hourLots.remainingHours, 0), gt(hourLots.remainingFen, 0))))
    .all()
    .some((l) => l.expiresAt === null || l.expiresAt > now);
}

export function executeRefund({ ctx, input }: { ctx: Ctx; input: z.input<typeof refundExecuteSchema> }): RefundExecution {
  requirePermission(ctx.actor, "refunds.execute");
  const data = parseInput(refundExecuteSchema, input);
  return inTransaction(ctx, (ctx) => {
    getStudentInScope(ctx, data.studentId);
    const done = findExecution(ctx, data.idempotencyKey);
    if (done) {
      if (done.studentId !== data.studentId || done.orderId !== (data.orderId ?? null) || done.courseId !== (data.courseId ?? null)) {
        throw conflict("该幂等键已用于另一笔退费", { idempotencyKey: data.idempotencyKey, studentId: done.studentId });
      }
      return { ...done, replayed: true };
    }

    const quote = computeRefundQuote(ctx, { studentId: data.studentId, orderId: data.orderId, courseId: data.courseId });
    if (quote.amountFen !== data.expectedAmountFen) {
      throw conflict(`退费金额已变化：审批时 ${formatMoney(data.expectedAmountFen)}，现在 ${formatMoney(quote.amountFen)}，请重新审批或确认`, {
        reason: "amount_changed",
        expectedAmountFen: data.expectedAmountFen,
        amountFen: quote.amountFen,
        grossFen: quote.grossFen,
        feeFen: quote.feeFen,
        lines: quote.lines,
      });
    }

    const now = ctx.clock.now();
    const actorLabel = actorColumns(ctx.actor).actorLabel;
    const reason = `退费：${quote.summary}`;
    const payoutStatus: PayoutStatus = data.payLater ? "pending" : "paid";
    const payoutColumns = {
      payoutStatus,
      payoutMethod: data.payoutMethod,
      payoutReference: data.payLater || data.reference === "" ? null : data.reference,
      paidAt: data.payLater ? null : now,
      paidByLabel: data.payLater ? null : actorLabel,
    };
    const singleOrder = data.orderId !== undefined;

    // 1. Ledger: one refund operation per account, every lot of the quote emptied.
    const byAccount = new Map<number, Line[]>();
    for (const l of quote.lots) {
      const lines = byAccount.get(l.accountId) ?? [];
      lines.push({ lotId: l.lotId, hours: -l.remainingHours, fen: -l.remainingFen, recognizedFen: l.feeFen });
      byAccount.set(l.accountId, lines);
    }
    const ledgerOpIds = [...byAccount].map(
      ([accountId, lines]) =>
        appendOp(ctx, {
          key: `${opKeyPrefix(data.idempotencyKey)}${accountId}`,
          kind: "refund",
          account: getAccount(ctx.db, accountId),
          reason,
          refType: singleOrder ? "order" : "student",
          refId: data.orderId ?? data.studentId,
          lines,
        }).id,
    );

    // 2. Money back per order, and the orders' status.
    const orderResults: RefundOrderResult[] = quote.orders.map((share) => {
      const orderRefund = ctx.db
        .insert(orderRefunds)
        .values({
          orderId: share.orderId,
          studentId: data.studentId,
          amountFen: share.amountFen,
          reason: `${reason}；可退 ${formatMoney(share.grossFen)}，手续费 ${formatMoney(share.feeFen)}`,
          recordedByLabel: actorLabel,
          at: now,
          ...payoutColumns,
        })
        .returning({ id: orderRefunds.id })
        .get();
      let order = ctx.db.select().from(orders).where(eq(orders.id, share.orderId)).get();
      if (!order) throw preconditionFailed("订单不存在", { orderId: share.orderId });
      const finished = !orderHasUsableLots(ctx, order.id, now);
      // Only the student's own orders change status: a transferred-in lot's money came from another
      // student's order, which gets the refund row and refundedFen but keeps its own life.
      const own = order.studentId === data.studentId;
      if (own && finished && REFUNDABLE_FROM.includes(order.status)) {
        // The order module's own transition: checks the state, sets refundReason, audits → refunding.
        order = startRefund({ ctx, input: { orderId: order.id, reason: `退费：${quote.summary}` } });
      }
      const complete = own && finished && order.status === "refunding";
      const updated = ctx.db
        .update(orders)
        .set({
          refundedFen: sql`${orders.refundedFen} + ${share.amountFen}`,
          ...(complete ? { status: "refunded" as const } : {}),
          updatedAt: now,
          version: sql`${orders.version} + 1`,
        })
        .where(eq(orders.id, order.id))
        .returning()
        .get();
      recordAudit(ctx, {
        action: complete ? "order.refund.complete" : "order.refund.partial",
        entityType: "order",
        entityId: order.id,
        details: { from: order.status, to: updated.status, refundedFen: updated.refundedFen, amountFen: share.amountFen, feeFen: share.feeFen, orderRefundId: orderRefund.id },
      });
      return { orderId: order.id, orderRefundId: orderRefund.id, grossFen: share.grossFen, feeFen: share.feeFen, amountFen: share.amountFen, status: updated.status };
    });

    const result: RefundExecution = {
      studentId: data.studentId,
      orderId: data.orderId ?? null,
      courseId: data.courseId ?? null,
      idempotencyKey: data.idempotencyKey,
      payoutMethod: data.payoutMethod,
      reference: data.reference,
      payoutStatus,
      grossFen: quote.grossFen,
      feeFen: quote.feeFen,
      amountFen: quote.amountFen,
      quote,
      ledgerOpIds,
      orders: orderResults,
      executedAt: now,
      executedBy: actorLabel,
      replayed: false,
    };
    // Enrolments in courses the refund emptied end; a student left with nothing is finished (scheduling/endEnrollments).
    endEmptiedEnrollments(ctx, { studentId: data.studentId, courseIds: [...byAccount.keys()].map((id) => getAccount(ctx.db, id).courseId), by: "refund", ref: { idempotencyKey: data.idempotencyKey } });
    // 3. The audit row (also what a retry with the same key reads back).
    recordAudit(ctx, { action: AUDIT_ACTION, entityType: "student", entityId: data.studentId, details: { idempotencyKey: data.idempotencyKey, result } });
    return result;
  });
}
