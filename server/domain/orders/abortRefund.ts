// Order status changes other than payment: cancel (nothing paid yet), complete (fully paid, lessons
// done), and the refund path: start (→ refunding, while it is approved), abort (back), complete (→
// refunded, hours taken out and money paid back). Each checks the state it starts from.
import type { Order } from "../../db/schema";
import { parseInput } from "../../core/input";
import { orderRefSchema } from "./orderSchemas";
import { transition, type OrderArgs } from "./orderTransitions";

export function abortRefund({ ctx, input }: OrderArgs): Order {
  const { orderId } = parseInput(orderRefSchema, input);
  return transition(ctx, orderId, { permission: "refunds.execute", from: ["refunding"], action: "order.refund.abort", verb: "撤销退费" }, (_ctx, order) => ({
    status: order.paidFen === order.payableFen ? "paid" : "partially_paid",
    refundReason: null,
  }));
}
