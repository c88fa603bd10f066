// The follow-up timeline of a student (跟进记录): record one, read them newest first. Whoever may see
// the student and holds followups.write records; the author is the acting staff member (none for tokens).
import type { z } from "zod";
import { followups } from "../../db/schema";
import { validationError } from "../../core/errors";
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
  if (data.at !== undefined && data.at > now + FUTURE_TOLERANCE_MS) {
    throw validationError([{ path: "at", message: "跟进时间不能晚于当前时间" }]);
  }
  getStudentInScope(ctx, studentId);
  const row = ctx.db
    .insert(followups)
    .values({ ...data, at: data.at ?? now, studentId, staffId: actorStaffId(ctx.actor), createdAt: now })
    .returning()
    .get();
  return { ...row, staffName: ctx.actor.kind === "staff" ? ctx.actor.name : null };
}
