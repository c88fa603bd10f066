// Input schemas for orders and payments, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { ORDER_STATUSES, PAYMENT_METHODS } from "../../db/schema";
import { dateSchema, fenSchema, idSchema, textSchema } from "../../core/input";
import { pageSchema } from "../../core/page";

export const orderCreateSchema = z.object({
  studentId: idSchema,
  /** The advisor credited with the sale; defaults to the student's advisor. */
  advisorId: idSchema.optional(),
  items: z
    .array(z.object({ packageId: idSchema, quantity: z.number().int().min(1).max(100).default(1) }))
    .min(1, "至少选择一个课时包")
    .max(20),
  discounts: z
    .array(z.object({ amountFen: fenSchema.min(1), reason: textSchema(100) }))
    .max(10)
    .default([]),
  /** Due dates and amounts; their sum must equal the payable amount. Default: all due today. */
  installments: z
    .array(z.object({ dueDate: dateSchema, amountFen: fenSchema.min(1) }))
    .max(24)
    .optional(),
  note: z.string().trim().max(500).default(""),
});

export const paymentCreateSchema = z.object({
  amountFen: fenSchema.min(1, "金额必须大于 0"),
  method: z.enum(PAYMENT_METHODS),
  /** The payment channel's transaction number; with the method it keys the payment (a retry is recorded once). */
  transactionNo: z.string().trim().min(1).max(64).optional(),
  /** When the money was received (epoch ms); defaults to now. */
  paidAt: z.number().int().positive().optional(),
  /** A client-chosen key for payments without a transaction number (e.g. cash): a retry is recorded once. */
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
});

/** What the payment verb takes: the order (from the path) and the payment (the body). */
export const recordPaymentSchema = paymentCreateSchema.extend({ orderId: idSchema });

export const orderReasonSchema = z.object({ reason: textSchema(200) });

/** One order, by id: the input of the reads and of the transitions that need no reason. */
export const orderRefSchema = z.object({ orderId: idSchema });

/** An order and why (cancel, start a refund): the id from the path, the reason from the body. */
export const orderReasonInputSchema = orderReasonSchema.extend({ orderId: idSchema });

export const orderListSchema = pageSchema.extend({
  studentId: idSchema.optional(),
  campusId: idSchema.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
});
