// Order status changes other than payment: cancel (nothing paid yet), complete (fully paid, lessons
// done), and the refund path: start (→ refunding, while it is approved), abort (back), complete (→
// refunded, hours taken out and money paid back). Each checks the state it starts from.
import { eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { hourLots, orderItems, orderRefunds, orders, type Order, type OrderStatus } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Permission } from "../../../shared/permissions";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { refundLots } from "../ledger/refundLots";
import { parseInput } from "../../core/input";
import { loadOrderInScope } from "./loadOrder";
import { ORDER_STATUS_LABELS } from "../../../shared/orders";
import { orderReasonInputSchema, orderRefSchema } from "./orderSchemas";

type Transition = {
  permission: Permission;
  from: readonly OrderStatus[];
  action: string;
  verb: string;
};

function transition(
  ctx: Ctx,
  orderId: number,
  t: Transition,
  apply: (ctx: Ctx, order: Order) => Partial<typeof orders.$inferInsert>,
): Order {
  requirePermission(ctx.actor, t.permission);
  return inTransaction(ctx, (ctx) => {
    const order = loadOrderInScope(ctx, orderId);
    if (!t.from.includes(order.status)) {
      throw preconditionFailed(`订单${ORDER_STATUS_LABELS[order.status]}，不能${t.verb}`, { status: order.status });
    }
    const changes = apply(ctx, order);
    const updated = ctx.db
      .update(orders)
      .set({ ...changes, updatedAt: ctx.clock.now(), version: sql`${orders.version} + 1` })
      .where(eq(orders.id, order.id))
      .returning()
      .get();
    recordAudit(ctx, {
      action: t.action,
      entityType: "order",
      entityId: order.id,
      details: { from: order.status, to: updated.status, ...changes },
    });
    return updated;
  });
}

type ReasonArgs = { ctx: Ctx; input: z.input<typeof orderReasonInputSchema> };
type OrderArgs = { ctx: Ctx; input: z.input<typeof orderRefSchema> };

export function cancelOrder({ ctx, input }: ReasonArgs): Order {
  const { orderId, reason } = parseInput(orderReasonInputSchema, input);
  return transition(ctx, orderId, { permission: "orders.write", from: ["pending_payment"], action: "order.cancel", verb: "取消" }, () => ({
    status: "cancelled",
    cancelReason: reason,
  }));
}

export function completeOrder({ ctx, input }: OrderArgs): Order {
  const { orderId } = parseInput(orderRefSchema, input);
  return transition(ctx, orderId, { permission: "orders.write", from: ["paid"], action: "order.complete", verb: "完成" }, () => ({
    status: "completed",
  }));
}

export function startRefund({ ctx, input }: ReasonArgs): Order {
  const { orderId, reason } = parseInput(orderReasonInputSchema, input);
  return transition(
    ctx,
    orderId,
    { permission: "refunds.execute", from: ["partially_paid", "paid", "completed"], action: "order.refund.start", verb: "退费" },
    () => ({ status: "refunding", refundReason: reason }),
  );
}

export function abortRefund({ ctx, input }: OrderArgs): Order {
  const { orderId } = parseInput(orderRefSchema, input);
  return transition(ctx, orderId, { permission: "refunds.execute", from: ["refunding"], action: "order.refund.abort", verb: "撤销退费" }, (_ctx, order) => ({
    status: order.paidFen === order.payableFen ? "paid" : "partially_paid",
    refundReason: null,
  }));
}

/** Takes every remaining hour of the order out of the student's accounts and pays back their value. */
export function completeRefund({ ctx, input }: OrderArgs): Order {
  const { orderId } = parseInput(orderRefSchema, input);
  return transition(ctx, orderId, { permission: "refunds.execute", from: ["refunding"], action: "order.refund.complete", verb: "完成退费" }, (ctx, order) => {
    const itemIds = ctx.db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, order.id)).all().map((r) => r.id);
    const lotIds =
      itemIds.length === 0
        ? []
        : ctx.db.select({ id: hourLots.id }).from(hourLots).where(inArray(hourLots.orderItemId, itemIds)).all().map((r) => r.id);
    const reason = order.refundReason ?? "退费";
    const { fen } = refundLots(ctx, { lotIds, key: `refund:order:${order.id}`, reason, refType: "order", refId: order.id });
    if (fen > 0) {
      ctx.db
        .insert(orderRefunds)
        .values({
          orderId: order.id,
          studentId: order.studentId,
          amountFen: fen,
          reason,
          recordedByLabel: actorColumns(ctx.actor).actorLabel,
          at: ctx.clock.now(),
        })
        .run();
    }
    return { status: "refunded", refundedFen: fen };
  });
}
