// Order status changes other than payment: cancel (nothing paid yet), complete (fully paid, lessons
// done), and the refund path: start (→ refunding, while it is approved), abort (back), complete (→
// refunded, hours taken out and money paid back). Each checks the state it starts from.
import { type Order } from "../../db/schema";
import { parseInput } from "../../core/input";
import { orderRefSchema } from "./orderSchemas";
import { transition, type OrderArgs } from "./orderTransitions";

export function completeOrder({ ctx, input }: OrderArgs): Order {
  const { orderId } = parseInput(orderRefSchema, input);
  return transition(ctx, orderId, { permission: "orders.write", from: ["paid"], action: "order.complete", verb: "完成" }, () => ({
    status: "completed",
  }));
}
