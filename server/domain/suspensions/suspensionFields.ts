// The fields of a suspension request (休学) as stored on its approval, and the state the effect adds:
// `scheduled: true` while an approval made before `fromDate` waits for that day (applyDueSuspensions),
// `appliedAt` once it took effect. Instances without either were applied at approval (the old rule).
import { z } from "zod";
import { dateSchema, idSchema, textSchema } from "../../core/input";

export const SUSPENSION_TYPE = "suspension";
export const DAY_MS = 86_400_000;

export const suspensionFieldsSchema = z
  .object({
    studentId: idSchema,
    fromDate: dateSchema,
    expectedResumeDate: dateSchema.optional(),
    reason: textSchema(500),
  })
  .refine((f) => f.expectedResumeDate === undefined || f.expectedResumeDate > f.fromDate, {
    path: ["expectedResumeDate"],
    message: "预计复课日期应晚于休学开始日期",
  });
export type SuspensionFields = z.output<typeof suspensionFieldsSchema>;

/** What the effect writes back into the instance's fields. */
export type SuspensionState = { scheduled?: boolean; appliedAt?: number; skipped?: string };
