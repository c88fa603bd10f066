// Orders (订单): items (packages), discounts with reasons, installments, payments and money refunds.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { courses, packages } from "./catalog";
import { epochMs, id, timestamps, version } from "./columns";
import { staff } from "./staff";
import { students } from "./students";
import { ORDER_STATUSES, PAYMENT_METHODS } from "../../../shared/orders";

export { ORDER_STATUSES, PAYMENT_METHODS, type OrderStatus, type PaymentMethod } from "../../../shared/orders";

export const orders = sqliteTable(
  "orders",
  {
    id: id(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
    /** The advisor credited with the sale. */
    advisorId: integer("advisor_id").references(() => staff.id),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending_payment"),
    listPriceFen: integer("list_price_fen").notNull(),
    discountFen: integer("discount_fen").notNull().default(0),
    payableFen: integer("payable_fen").notNull(),
    paidFen: integer("paid_fen").notNull().default(0),
    refundedFen: integer("refunded_fen").notNull().default(0),
    note: text("note").notNull().default(""),
    cancelReason: text("cancel_reason"),
    refundReason: text("refund_reason"),
    createdByLabel: text("created_by_label").notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("orders_student_idx").on(t.studentId),
    index("orders_status_idx").on(t.status),
    index("orders_campus_idx").on(t.campusId),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    packageId: integer("package_id")
      .notNull()
      .references(() => packages.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    /** The package's name and terms at the time of sale (the package may change later). */
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    hours: integer("hours").notNull(),
    giftHours: integer("gift_hours").notNull(),
    validityDays: integer("validity_days"),
    listPriceFen: integer("list_price_fen").notNull(),
    discountFen: integer("discount_fen").notNull(),
    payableFen: integer("payable_fen").notNull(),
    /** Money of the order's payments allocated to this item so far (items fill in order). */
    paidFen: integer("paid_fen").notNull().default(0),
    /** Purchased hours credited to the student's account so far. */
    creditedHours: integer("credited_hours").notNull().default(0),
    giftCredited: integer("gift_credited", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("order_items_order_idx").on(t.orderId)],
);

export const orderDiscounts = sqliteTable(
  "order_discounts",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    amountFen: integer("amount_fen").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("order_discounts_order_idx").on(t.orderId)],
);

export const installments = sqliteTable(
  "installments",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    seq: integer("seq").notNull(),
    /** Business calendar date YYYY-MM-DD. */
    dueDate: text("due_date").notNull(),
    amountFen: integer("amount_fen").notNull(),
  },
  (t) => [uniqueIndex("installments_order_seq_uq").on(t.orderId, t.seq)],
);

export const payments = sqliteTable(
  "payments",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    amountFen: integer("amount_fen").notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    transactionNo: text("transaction_no"),
    /** `method:transactionNo`, or the client's Idempotency-Key: a retried payment is recorded once. */
    idempotencyKey: text("idempotency_key"),
    paidAt: epochMs("paid_at").notNull(),
    recordedById: integer("recorded_by_id").references(() => staff.id),
    recordedByLabel: text("recorded_by_label").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    index("payments_student_idx").on(t.studentId),
    uniqueIndex("payments_idempotency_uq").on(t.idempotencyKey),
  ],
);

/** Money paid back to the customer for an order (the ledger's refund rows carry the hours). */
export const PAYOUT_STATUSES = ["pending", "paid"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const orderRefunds = sqliteTable(
  "order_refunds",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    amountFen: integer("amount_fen").notNull(),
    reason: text("reason").notNull(),
    recordedByLabel: text("recorded_by_label").notNull(),
    at: epochMs("at").notNull(),
    /** pending: approved and booked, the money not yet sent (待打款); paid: finance recorded the payout. */
    payoutStatus: text("payout_status", { enum: PAYOUT_STATUSES }).notNull().default("paid"),
    payoutMethod: text("payout_method"),
    /** The bank or payment reference (流水号) finance entered. */
    payoutReference: text("payout_reference"),
    paidAt: epochMs("paid_at"),
    paidByLabel: text("paid_by_label"),
  },
  (t) => [index("order_refunds_order_idx").on(t.orderId), index("order_refunds_student_idx").on(t.studentId)],
);

export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;
export type Payment = typeof payments.$inferSelect;
