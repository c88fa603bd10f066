// Records money received for an order and credits the paid hours, in one transaction. A payment keyed
// by its transaction number (or the client's idempotency key) is recorded once: a retry returns the
// first record; the same key with a different amount or order is a conflict.
import { asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { orderItems, orders, payments, type Order, type Payment } from "../../db/schema";
import { conflict, preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { fillInOrder } from "./allocate";
import { creditOrderItems } from "./creditOrderItems";
import { loadOrderInScope } from "./loadOrder";
import { recordPaymentSchema } from "./orderSchemas";

export type PaymentResult = { payment: Payment; order: Order; replayed: boolean };

export function recordPayment({ ctx, input }: { ctx: Ctx; input: z.input<typeof recordPaymentSchema> }): PaymentResult {
  requirePermission(ctx.actor, "payments.write");
  const data = parseInput(recordPaymentSchema, input);
  return inTransaction(ctx, (ctx) => {
    const order = loadOrderInScope(ctx, data.orderId);
    const key = data.transactionNo ? `${data.method}:${data.transactionNo}` : data.idempotencyKey ? `key:${data.idempotencyKey}` : null;
    if (key) {
      const existing = ctx.db.select().from(payments).where(eq(payments.idempotencyKey, key)).get();
      if (existing) {
        if (existing.orderId !== order.id || existing.amountFen !== data.amountFen) {
          throw conflict("该交易号已登记过另一笔收款", { paymentId: existing.id, orderId: existing.orderId });
        }
        return { payment: existing, order, replayed: true };
      }
    }
    if (order.status !== "pending_payment" && order.status !== "partially_paid") {
      throw preconditionFailed(`订单状态为“${order.status}”，不能收款`, { status: order.status });
    }
    const outstanding = order.payableFen - order.paidFen;
    if (data.amountFen > outstanding) {
      throw validationError([{ path: "amountFen", message: `收款金额超过未付金额 ${outstanding} 分` }]);
    }
    const now = ctx.clock.now();
    const payment = ctx.db
      .insert(payments)
      .values({
        orderId: order.id,
        studentId: order.studentId,
        amountFen: data.amountFen,
        method: data.method,
        transactionNo: data.transactionNo ?? null,
        idempotencyKey: key,
        paidAt: data.paidAt ?? now,
        recordedById: actorStaffId(ctx.actor),
        recordedByLabel: actorColumns(ctx.actor).actorLabel,
        createdAt: now,
      })
      .returning()
      .get();
    const items = ctx.db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id)).all();
    creditOrderItems(ctx, {
      studentId: order.studentId,
      items,
      takes: fillInOrder(data.amountFen, items),
      cause: `payment:${payment.id}`,
      refType: "payment",
      refId: payment.id,
    });
    const paidFen = order.paidFen + data.amountFen;
    const updated = ctx.db
      .update(orders)
      .set({
        paidFen,
        status: paidFen === order.payableFen ? "paid" : "partially_paid",
        updatedAt: now,
        version: sql`${orders.version} + 1`,
      })
      .where(eq(orders.id, order.id))
      .returning()
      .get();
    recordAudit(ctx, {
      action: "payment.record",
      entityType: "order",
      entityId: order.id,
      details: { paymentId: payment.id, amountFen: data.amountFen, method: data.method, transactionNo: data.transactionNo },
    });
    return { payment, order: updated, replayed: false };
  });
}
