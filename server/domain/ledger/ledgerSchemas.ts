// Input schemas for the ledger's API verbs (manual deduction, correction, gift, transfer).
import { z } from "zod";
import { dateSchema, hoursSchema, idSchema, textSchema } from "../../core/input";
import { pageSchema } from "../../core/page";

export const consumeSchema = z.object({
  hours: hoursSchema.min(1, "课时必须大于 0"),
  kind: z.enum(["attendance", "absence"]).default("attendance"),
  reason: textSchema(200),
  /** Client key: the same key deducts once. */
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
});

export const correctionSchema = z.object({ reason: textSchema(200) });

export const giftSchema = z.object({
  courseId: idSchema,
  hours: hoursSchema.min(1, "课时必须大于 0"),
  reason: textSchema(200),
  /** Last usable business day; omitted = never expires. */
  expiresOn: dateSchema.optional(),
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
});

export const transferSchema = z.object({
  toStudentId: idSchema,
  toCourseId: idSchema,
  hours: hoursSchema.min(1, "课时必须大于 0"),
  reason: textSchema(200),
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
});

export const ledgerPageSchema = pageSchema;

// The verbs' whole inputs: the body above with the id the route takes from its path.
export const consumeManuallySchema = consumeSchema.extend({ accountId: idSchema });
export const correctOpSchema = correctionSchema.extend({ opId: idSchema });
export const giveHoursSchema = giftSchema.extend({ studentId: idSchema });
export const transferFromAccountSchema = transferSchema.extend({ accountId: idSchema });
export const listAccountOpsSchema = ledgerPageSchema.extend({ accountId: idSchema });
export const listStudentAccountsSchema = z.object({ studentId: idSchema });
