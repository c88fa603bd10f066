// API JSON for orders: amounts in fen with yuan strings, installments with their paid state derived
// from the money received (installments are paid in order).
import type { Order, Payment } from "../../db/schema";
import { businessDate, dayjs } from "../../core/clock";
import type { OrderDetail } from "../../domain/orders/getOrderDetail";
import { hoursText, yuan } from "../../../shared/money";
import { displayActorLabel } from "../../../shared/actorLabels";

/** XG-20260302-000042: the order number people read and say on the phone. */
export const orderNo = (o: Order, tz: string) => `XG-${dayjs(o.createdAt).tz(tz).format("YYYYMMDD")}-${String(o.id).padStart(6, "0")}`;

export const presentOrder = (o: Order & { studentName?: string }, tz: string) => ({
  id: o.id,
  no: orderNo(o, tz),
  studentId: o.studentId,
  studentName: o.studentName,
  campusId: o.campusId,
  advisorId: o.advisorId,
  status: o.status,
  listPriceFen: o.listPriceFen,
  discountFen: o.discountFen,
  payableFen: o.payableFen,
  paidFen: o.paidFen,
  outstandingFen: o.status === "cancelled" || o.status === "refunded" ? 0 : o.payableFen - o.paidFen,
  refundedFen: o.refundedFen,
  payableYuan: yuan(o.payableFen),
  paidYuan: yuan(o.paidFen),
  note: o.note,
  cancelReason: o.cancelReason,
  refundReason: o.refundReason,
  createdBy: displayActorLabel(o.createdByLabel),
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
  version: o.version,
});

export const presentPayment = (p: Payment) => ({
  id: p.id,
  orderId: p.orderId,
  amountFen: p.amountFen,
  amountYuan: yuan(p.amountFen),
  method: p.method,
  transactionNo: p.transactionNo,
  paidAt: p.paidAt,
  recordedBy: displayActorLabel(p.recordedByLabel),
});

export function presentOrderDetail(d: OrderDetail, tz: string, now: number) {
  const today = businessDate(now, tz);
  let covered = d.order.paidFen;
  return {
    ...presentOrder(d.order, tz),
    items: d.items.map((i) => ({
      id: i.id,
      packageId: i.packageId,
      courseId: i.courseId,
      name: i.name,
      quantity: i.quantity,
      hours: i.hours,
      hoursText: hoursText(i.hours),
      giftHours: i.giftHours,
      validityDays: i.validityDays,
      listPriceFen: i.listPriceFen,
      discountFen: i.discountFen,
      payableFen: i.payableFen,
      paidFen: i.paidFen,
      creditedHours: i.creditedHours,
      giftCredited: i.giftCredited,
    })),
    discounts: d.discounts.map((x) => ({ amountFen: x.amountFen, amountYuan: yuan(x.amountFen), reason: x.reason })),
    installments: d.installments.map((x) => {
      const paidFen = Math.min(x.amountFen, Math.max(0, covered));
      covered -= x.amountFen;
      const state = paidFen === x.amountFen ? "paid" : x.dueDate < today ? "overdue" : paidFen > 0 ? "partially_paid" : "due";
      return { seq: x.seq, dueDate: x.dueDate, amountFen: x.amountFen, paidFen, state };
    }),
    payments: d.payments.map(presentPayment),
    refunds: d.refunds.map((r) => ({
      amountFen: r.amountFen,
      amountYuan: yuan(r.amountFen),
      reason: r.reason,
      at: r.at,
      recordedBy: displayActorLabel(r.recordedByLabel),
      payoutStatus: r.payoutStatus,
      payoutMethod: r.payoutMethod,
      payoutReference: r.payoutReference,
      paidAt: r.paidAt,
      paidBy: r.paidByLabel === null ? null : displayActorLabel(r.paidByLabel),
    })),
  };
}
export type OrderDetailJson = ReturnType<typeof presentOrderDetail>;
