// Input schemas for students, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { GENDERS, STUDENT_STATUSES } from "../../db/schema";
import { dateSchema, idSchema, textSchema, versionSchema } from "../../core/input";
import { pageSchema } from "../../core/page";
import { timelineCursorSchema } from "./timelineCursor";

/** The statuses a new record may start in; later ones are reached through status changes. */
export const INITIAL_STUDENT_STATUSES = ["lead", "trial", "enrolled"] as const;

/** Tags without repeats; replaced as a whole on update. */
const tagsSchema = z
  .array(textSchema(20))
  .max(30)
  .transform((tags) => [...new Set(tags)]);

const optionalText = (max: number) => z.string().trim().max(max);

/** POST /students. */
export const studentCreateSchema = z.object({
  name: textSchema(50),
  gender: z.enum(GENDERS).default("unknown"),
  birthday: dateSchema.nullable().default(null),
  school: optionalText(100).default(""),
  grade: optionalText(30).default(""),
  campusId: idSchema,
  advisorId: idSchema.nullable().optional(),
  headTeacherId: idSchema.nullable().default(null),
  sourceChannel: optionalText(50).default(""),
  tags: tagsSchema.default([]),
  notes: optionalText(2000).default(""),
  status: z.enum(INITIAL_STUDENT_STATUSES).default("lead"),
});

/** PATCH /students/:id: profile fields; tags replace the whole set. */
export const studentUpdateSchema = z.object({
  name: textSchema(50).optional(),
  gender: z.enum(GENDERS).optional(),
  birthday: dateSchema.nullable().optional(),
  school: optionalText(100).optional(),
  grade: optionalText(30).optional(),
  campusId: idSchema.optional(),
  advisorId: idSchema.nullable().optional(),
  headTeacherId: idSchema.nullable().optional(),
  sourceChannel: optionalText(50).optional(),
  tags: tagsSchema.optional(),
  notes: optionalText(2000).optional(),
  version: versionSchema,
});

/** getStudent: the student. */
export const getStudentSchema = z.object({ id: idSchema });

/** listStudentStatusHistory: the student. */
export const listStudentStatusHistorySchema = z.object({ id: idSchema });

/** updateStudent: the student and the PATCH body. */
export const updateStudentSchema = studentUpdateSchema.extend({ id: idSchema });

/** POST /students/:id/status. */
export const studentStatusChangeSchema = z.object({
  status: z.enum(STUDENT_STATUSES),
  reason: optionalText(500).default(""),
  version: versionSchema,
});

/** changeStudentStatus: the student and the POST body. */
export const changeStudentStatusSchema = studentStatusChangeSchema.extend({ id: idSchema });

/** GET /students filters. */
export const studentListSchema = pageSchema.extend({
  /**
   * A name prefix; latin letters also a pinyin prefix (`zs` or `zhangs` → 张三). For people who may see
   * full mobiles, a whole guardian mobile (`13812345678`) or a name with its last four digits
   * (`张三 5678`) also matches, audited as `guardian.mobile.search`; other digits never match a mobile.
   */
  q: z.string().trim().max(50).optional(),
  status: z.enum(STUDENT_STATUSES).optional(),
  campusId: idSchema.optional(),
  advisorId: idSchema.optional(),
  headTeacherId: idSchema.optional(),
  tag: z.string().trim().min(1).max(20).optional(),
});

/** GET /students/:id/timeline: newest first; `cursor` is the previous page's `nextCursor`. */
export const studentTimelineSchema = pageSchema.extend({ cursor: timelineCursorSchema.optional() });

/** studentTimeline: the student and the paging query. */
export const studentTimelineInputSchema = studentTimelineSchema.extend({ studentId: idSchema });
