// The facts of a leave request (请假) as stored on its approval instance, and the make-ups (补课)
// assigned after approval, kept beside them on the same instance's fields.
import { z } from "zod";
import { idSchema } from "../../core/input";

export const LEAVE_TYPE = "leave";
export const LEAVE_KINDS = ["sick", "personal", "other"] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_KIND_LABELS: Record<LeaveKind, string> = { sick: "病假", personal: "事假", other: "其他" };
export const MAX_LEAVE_LESSONS = 20;

/** What a requester sends (staff API or the guardian's page). */
export const leaveRequestSchema = z.object({
  studentId: idSchema,
  lessonIds: z
    .array(idSchema)
    .min(1, "请至少选择一节课")
    .max(MAX_LEAVE_LESSONS, `一次最多请 ${MAX_LEAVE_LESSONS} 节课`)
    .refine((ids) => new Set(ids).size === ids.length, "课次不能重复"),
  kind: z.enum(LEAVE_KINDS),
  reason: z.string().trim().max(200).default(""),
  requestKey: z.string().trim().min(8).max(100).optional(),
});
export type LeaveRequestInput = z.input<typeof leaveRequestSchema>;

/** The stored fields: the request plus `lessonCount`, derived so a flow condition can read it. */
export const leaveFieldsSchema = leaveRequestSchema
  .omit({ requestKey: true })
  .transform((f) => ({ ...f, lessonIds: [...f.lessonIds].sort((a, b) => a - b), lessonCount: f.lessonIds.length }));
export type LeaveFields = z.output<typeof leaveFieldsSchema>;

/** One make-up assigned for one leave lesson; `deducted` says which side took the hours. */
export const makeupSchema = z.object({
  leaveLessonId: z.number().int(),
  makeupLessonId: z.number().int(),
  /** True when the leave itself deducted (the make-up then did not). */
  leaveDeducted: z.boolean(),
  at: z.number().int(),
});
export type Makeup = z.infer<typeof makeupSchema>;

/** The make-ups stored on an instance's fields (not part of the request; absent until one is assigned). */
export function makeupsOf(fields: unknown): Makeup[] {
  const raw = typeof fields === "object" && fields !== null ? (fields as Record<string, unknown>).makeups : undefined;
  const parsed = z.array(makeupSchema).safeParse(raw ?? []);
  return parsed.success ? parsed.data : [];
}
