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
  leaveLessonId: idSchema,
  makeupLessonId: idSchema,
  /** True when the leave itself deducted (the make-up then did not). */
  leaveDeducted: z.boolean(),
  at: z.number().int(),
});
export type Makeup = z.infer<typeof makeupSchema>;

/** A leave lesson the student will not make up (学员放弃补课): why, when, and who recorded it. */
export const givenUpSchema = z.object({
  leaveLessonId: idSchema,
  givenUp: z.literal(true),
  reason: z.string(),
  at: z.number().int(),
  by: z.string(),
});
export type GivenUpMakeup = z.infer<typeof givenUpSchema>;

/** What was decided for one leave lesson: a make-up lesson, or given up. One entry per leave lesson. */
export type MakeupEntry = Makeup | GivenUpMakeup;

/** Every entry stored on an instance's fields (`fields.makeups`, absent until the first one); unreadable ones are skipped. */
export function makeupEntriesOf(fields: unknown): MakeupEntry[] {
  const raw = typeof fields === "object" && fields !== null ? (fields as Record<string, unknown>).makeups : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown): MakeupEntry[] => {
    const given = givenUpSchema.safeParse(item);
    if (given.success) return [given.data];
    const made = makeupSchema.safeParse(item);
    return made.success ? [made.data] : [];
  });
}

export const isGivenUp = (e: MakeupEntry): e is GivenUpMakeup => "givenUp" in e;

/** The make-ups assigned (not part of the request; absent until one is assigned). */
export function makeupsOf(fields: unknown): Makeup[] {
  return makeupEntriesOf(fields).filter((e): e is Makeup => !isGivenUp(e));
}

/** The leave lessons given up. */
export function givenUpsOf(fields: unknown): GivenUpMakeup[] {
  return makeupEntriesOf(fields).filter(isGivenUp);
}

/** The fields with `entry` in place of whatever was recorded for its leave lesson before. */
export function withMakeupEntry(fields: unknown, entry: MakeupEntry): Record<string, unknown> {
  const base = typeof fields === "object" && fields !== null ? (fields as Record<string, unknown>) : {};
  const others = makeupEntriesOf(fields).filter((e) => e.leaveLessonId !== entry.leaveLessonId);
  return { ...base, makeups: [...others, entry] };
}
