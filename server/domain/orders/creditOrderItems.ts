// Turns money allocated to an order's items into usable hours. The rule (also in the README):
//   - purchased hours become usable in proportion to what has been paid for the item:
//     floor(paid × hours ÷ payable), credited with exactly the money paid, so no fen is ever unbacked;
//   - gift hours become usable only when the item is fully paid;
//   - items are paid in order: a payment fills the first item before the next.
// Hours expire `validityDays` after the first money lands, at the end of that business day.
import { and, eq } from "drizzle-orm";
import { hourLots, orderItems, type OrderItem } from "../../db/schema";
import { businessDate, dayjs, endOfBusinessDay } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { creditGift, creditPurchase } from "../ledger/creditHours";
import { mulDivFloor } from "../ledger/valueShare";
import { closeRenewalOnPurchase } from "../serviceRules/closeRenewalOnPurchase";

function expiryFor(ctx: Ctx, item: OrderItem): number | null {
  if (item.validityDays === null) return null;
  const lot = ctx.db
    .select({ expiresAt: hourLots.expiresAt })
    .from(hourLots)
    .where(and(eq(hourLots.orderItemId, item.id), eq(hourLots.kind, "purchase")))
    .get();
  if (lot) return lot.expiresAt;
  const today = businessDate(ctx.clock.now(), ctx.tz);
  return endOfBusinessDay(dayjs(today).add(item.validityDays, "day").format("YYYY-MM-DD"), ctx.tz);
}

/** Credits `take` fen of new money to each item; `cause` keys the credits so a retry adds nothing. */
export function creditOrderItems(
  ctx: Ctx,
  input: { studentId: number; items: OrderItem[]; takes: number[]; cause: string; refType: string; refId: number },
): void {
  input.items.forEach((item, i) => {
    const take = input.takes[i] ?? 0;
    const paid = item.paidFen + take;
    const credited = item.payableFen === 0 ? item.hours : mulDivFloor(paid, item.hours, item.payableFen);
    const delta = credited - item.creditedHours;
    if (take === 0 && delta === 0 && (paid < item.payableFen || item.giftCredited)) return;
    const expiresAt = expiryFor(ctx, item);
    if (take > 0 || delta > 0) {
      creditPurchase(ctx, {
        studentId: input.studentId,
        courseId: item.courseId,
        orderItemId: item.id,
        hours: delta,
        fen: take,
        expiresAt,
        key: `${input.cause}:item:${item.id}`,
        reason: `购买 ${item.name}`,
        refType: input.refType,
        refId: input.refId,
      });
      closeRenewalOnPurchase(ctx, { studentId: input.studentId, courseId: item.courseId, orderId: item.orderId });
    }
    const giftNow = paid === item.payableFen && item.giftHours > 0 && !item.giftCredited;
    if (giftNow) {
      creditGift(ctx, {
        studentId: input.studentId,
        courseId: item.courseId,
        orderItemId: item.id,
        hours: item.giftHours,
        expiresAt,
        key: `gift:item:${item.id}`,
        reason: `赠送 ${item.name}`,
        refType: "order_item",
        refId: item.id,
      });
    }
    ctx.db
      .update(orderItems)
      .set({ paidFen: paid, creditedHours: credited, giftCredited: item.giftCredited || giftNow })
      .where(eq(orderItems.id, item.id))
      .run();
  });
}
