// Input schemas for follow-ups, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { FOLLOWUP_CHANNELS } from "../../db/schema";
import { dateSchema, idSchema, textSchema } from "../../core/input";
import { pageSchema } from "../../core/page";

/** POST /students/:id/followups. */
export const followupCreateSchema = z.object({
  channel: z.enum(FOLLOWUP_CHANNELS),
  content: textSchema(2000),
  /** When the follow-up happened (epoch ms); the clock's now when left out. */
  at: z.number().int().positive().optional(),
  /** The business date of the next planned follow-up, if any. */
  nextFollowupDate: dateSchema.nullable().default(null),
});

/** createFollowup: the student and the POST body. */
export const createFollowupSchema = followupCreateSchema.extend({ studentId: idSchema });

/** GET /students/:id/followups paging. */
export const followupListSchema = pageSchema;

/** listFollowups: the student and the paging query. */
export const listFollowupsSchema = followupListSchema.extend({ studentId: idSchema });
