// Order status changes other than payment: cancel (nothing paid yet), complete (fully paid, lessons
// done), and the refund path: start (→ refunding, while it is approved), abort (back), complete (→
// refunded, hours taken out and money paid back). Each checks the state it starts from.
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { orders, type Order, type OrderStatus } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Permission } from "../../../shared/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { loadOrderInScope } from "./loadOrder";
import { ORDER_STATUS_LABELS } from "../../../shared/orders";
import type { orderReasonInputSchema, orderRefSchema } from "./orderSchemas";

type Transition = {
  permission: Permission;
  from: readonly OrderStatus[];
  action: string;
  verb: string;
};

export function transition(
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

export type ReasonArgs = { ctx: Ctx; input: z.input<typeof orderReasonInputSchema> };
export type OrderArgs = { ctx: Ctx; input: z.input<typeof orderRefSchema> };
