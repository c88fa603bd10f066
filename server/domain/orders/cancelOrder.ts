// Order status changes other than payment: cancel (nothing paid yet), complete (fully paid, lessons
// done), and the refund path: start (→ refunding, while it is approved), abort (back), complete (→
// refunded, hours taken out and money paid back). Each checks the state it starts from.
import { type Order } from "../../db/schema";
import { parseInput } from "../../core/input";
import { orderReasonInputSchema } from "./orderSchemas";
import { transition, type ReasonArgs } from "./orderTransitions";

export function cancelOrder({ ctx, input }: ReasonArgs): Order {
  const { orderId, reason } = parseInput(orderReasonInputSchema, input);
  return transition(ctx, orderId, { permission: "orders.write", from: ["pending_payment"], action: "order.cancel", verb: "取消" }, () => ({
    status: "cancelled",
    cancelReason: reason,
  }));
}
