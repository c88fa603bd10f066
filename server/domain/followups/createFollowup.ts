// The follow-up timeline of a student (跟进记录): record one, read them newest first. Whoever may see
// the student and holds followups.write records; the author is the acting staff member (none for tokens),
// who gets a reminder task on the planned next date (today or later).
import type { z } from "zod";
import { followups } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { validationError, type FieldIssue } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { actorStaffId, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { createFollowupSchema } from "./followupSchemas";
import { FUTURE_TOLERANCE_MS, type FollowupEntry } from "./followupEntry";

/** Records a follow-up on a student in scope, written by the acting staff member. */
export function createFollowup({ ctx, input }: { ctx: Ctx; input: z.input<typeof createFollowupSchema> }): FollowupEntry {
  requirePermission(ctx.actor, "followups.write");
  const { studentId, ...data } = parseInput(createFollowupSchema, input);
  const now = ctx.clock.now();
  const issues: FieldIssue[] = [];
  if (data.at !== undefined && data.at > now + FUTURE_TOLERANCE_MS) issues.push({ path: "at", message: "跟进时间不能晚于当前时间" });
  // The next follow-up is planned from today on: on that day it becomes a reminder task (serviceRules/reminderCandidates).
  if (data.nextFollowupDate !== null && data.nextFollowupDate < businessDate(now, ctx.tz)) {
    issues.push({ path: "nextFollowupDate", message: "下次跟进日期不能早于今天" });
  }
  if (issues.length > 0) throw validationError(issues);
  getStudentInScope(ctx, studentId);
  const row = ctx.db
    .insert(followups)
    .values({ ...data, at: data.at ?? now, studentId, staffId: actorStaffId(ctx.actor), createdAt: now })
    .returning()
    .get();
  return { ...row, staffName: ctx.actor.kind === "staff" ? ctx.actor.name : null };
}
