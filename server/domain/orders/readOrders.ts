// Reading orders: one order with everything on it, and the list within the caller's data scope.
import { and, asc, desc, eq, lt, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { installments, orderDiscounts, orderItems, orderRefunds, orders, payments, students } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { studentScopeCondition } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage } from "../../core/page";
import { loadOrderInScope } from "./loadOrder";
import { orderListSchema, orderRefSchema } from "./orderSchemas";

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

export function listOrders({ ctx, input }: { ctx: Ctx; input: z.input<typeof orderListSchema> }) {
  requirePermission(ctx.actor, "orders.read");
  const q = parseInput(orderListSchema, input);
  const conds: (SQL | undefined)[] = [
    studentScopeCondition(ctx.actor),
    q.studentId ? eq(orders.studentId, q.studentId) : undefined,
    q.campusId ? eq(orders.campusId, q.campusId) : undefined,
    q.status ? eq(orders.status, q.status) : undefined,
    q.cursor ? lt(orders.id, q.cursor) : undefined,
  ];
  const rows = ctx.db
    .select({ order: orders, studentName: students.name })
    .from(orders)
    .innerJoin(students, eq(students.id, orders.studentId))
    .where(and(...conds))
    .orderBy(desc(orders.id))
    .limit(q.limit + 1)
    .all()
    .map((r) => ({ ...r.order, studentName: r.studentName }));
  return toPage(rows, q.limit);
}
