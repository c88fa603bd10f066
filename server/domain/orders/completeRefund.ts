// Order status changes other than payment: cancel (nothing paid yet), complete (fully paid, lessons
// done), and the refund path: start (→ refunding, while it is approved), abort (back), complete (→
// refunded, hours taken out and money paid back). Each checks the state it starts from.
import { eq, inArray } from "drizzle-orm";
import { hourLots, orderItems, orderRefunds, type Order } from "../../db/schema";
import { actorColumns } from "../../core/context";
import { refundLots } from "../ledger/refundLots";
import { parseInput } from "../../core/input";
import { orderRefSchema } from "./orderSchemas";
import { transition, type OrderArgs } from "./orderTransitions";

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
