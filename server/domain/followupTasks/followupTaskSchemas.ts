// Input schemas of the follow-up task verbs, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { FOLLOWUP_CHANNELS } from "../../db/schema";
import { dateSchema, idSchema, queryIntSchema } from "../../core/input";
import { FOLLOWUP_OUTCOMES, FOLLOWUP_REASONS, FOLLOWUP_TASK_KINDS, FOLLOWUP_TASK_STATES } from "../../../shared/followupTasks";

/** POST /followup-tasks/:id/outcome. */
export const followupOutcomeBodySchema = z.object({
  outcome: z.enum(FOLLOWUP_OUTCOMES),
  /** Required for 暂不续费 and 已流失. */
  reason: z.enum(FOLLOWUP_REASONS).optional(),
  note: z.string().trim().max(500).default(""),
  /** How the family was reached (the 跟进记录's channel). */
  channel: z.enum(FOLLOWUP_CHANNELS).default("phone"),
  /** The next follow-up's business date: a reminder task on that day. */
  nextFollowupDate: dateSchema.nullable().default(null),
});

export const recordFollowupOutcomeSchema = followupOutcomeBodySchema.extend({
  taskId: idSchema,
  via: z.enum(["card", "app", "system"]).default("app"),
});

/** POST /followup-tasks/:id/reassign: a staff member, or null to leave it ownerless. */
export const reassignBodySchema = z.object({ ownerId: idSchema.nullable(), note: z.string().trim().max(200).default("") });
export const reassignFollowupTaskSchema = reassignBodySchema.extend({ taskId: idSchema });

/** POST /followup-tasks/:id/cancel. */
export const cancelBodySchema = z.object({ note: z.string().trim().min(1, "请填写取消原因").max(200) });
export const cancelFollowupTaskSchema = cancelBodySchema.extend({ taskId: idSchema });

/** GET /followup-tasks. */
export const followupTaskListSchema = z.object({
  /** `mine` (default): the caller's own; `all`: every task in the caller's campuses (followups.manage). */
  scope: z.enum(["mine", "all"]).default("mine"),
  kind: z.enum(FOLLOWUP_TASK_KINDS).optional(),
  /** Default `open`. */
  state: z.enum(FOLLOWUP_TASK_STATES).default("open"),
  /** `today` (due today), `overdue` (due before today), `upcoming` (due after today). */
  due: z.enum(["today", "overdue", "upcoming"]).optional(),
  /** A staff id, or `none` for ownerless tasks (scope=all). */
  owner: z.union([z.literal("none"), idSchema]).optional(),
  studentId: idSchema.optional(),
  campusId: idSchema.optional(),
  limit: queryIntSchema(1, 100).default(20),
  cursor: idSchema.optional(),
});
