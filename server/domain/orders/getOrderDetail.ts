// Reading orders: one order with everything on it, and the list within the caller's data scope.
import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { installments, orderDiscounts, orderItems, orderRefunds, payments } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadOrderInScope } from "./loadOrder";
import { orderRefSchema } from "./orderSchemas";

export function getOrderDetail({ ctx, input }: { ctx: Ctx; input: z.input<typeof orderRefSchema> }) {
  requirePermission(ctx.actor, "orders.read");
  const { orderId } = parseInput(orderRefSchema, input);
  const order = loadOrderInScope(ctx, orderId);
  return {
    order,
    items: ctx.db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id)).all(),
    discounts: ctx.db.select().from(orderDiscounts).where(eq(orderDiscounts.orderId, order.id)).orderBy(asc(orderDiscounts.id)).all(),
    installments: ctx.db.select().from(installments).where(eq(installments.orderId, order.id)).orderBy(asc(installments.seq)).all(),
    payments: ctx.db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.id)).all(),
    refunds: ctx.db.select().from(orderRefunds).where(eq(orderRefunds.orderId, order.id)).orderBy(asc(orderRefunds.id)).all(),
  };
}
export type OrderDetail = ReturnType<typeof getOrderDetail>;
