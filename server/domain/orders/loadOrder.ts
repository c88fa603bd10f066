// Fetch-or-throw for orders, with the data scope of the order's student.
import { eq } from "drizzle-orm";
import { orders, type Order } from "../../db/schema";
import { notFound } from "../../core/errors";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";

export function loadOrderInScope(ctx: Ctx, orderId: number): Order {
  const order = ctx.db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) throw notFound("订单");
  try {
    getStudentInScope(ctx, order.studentId);
  } catch {
    throw notFound("订单");
  }
  return order;
}
