// The follow-up timeline of a student (跟进记录): record one, read them newest first. Whoever may see
// the student and holds followups.write records; the author is the acting staff member (none for tokens).
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { z } from "zod";
import { followups, staff, type Followup } from "../../db/schema";
import { validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { actorStaffId, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage, type Page } from "../../core/page";
import { followupCreateSchema, followupListSchema } from "./followupSchemas";

/** A follow-up with its author's name for the timeline. */
export type FollowupEntry = Followup & { staffName: string | null };

/** A follow-up may be recorded after the fact, not ahead of it (a few minutes of device clock drift are allowed). */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

const entryColumns = {
  id: followups.id,
  studentId: followups.studentId,
  staffId: followups.staffId,
  at: followups.at,
  channel: followups.channel,
  content: followups.content,
  nextFollowupDate: followups.nextFollowupDate,
  createdAt: followups.createdAt,
  staffName: staff.name,
};

/** Records a follow-up on a student in scope, written by the acting staff member. */
export function createFollowup({ ctx, studentId, input }: { ctx: Ctx; studentId: number; input: z.input<typeof followupCreateSchema> }): FollowupEntry {
  requirePermission(ctx.actor, "followups.write");
  const data = parseInput(followupCreateSchema, input);
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

/** Newest first by when they happened (then by id); the cursor is the last id of the previous page. */
export function listFollowups({ ctx, studentId, input }: { ctx: Ctx; studentId: number; input: z.input<typeof followupListSchema> }): Page<FollowupEntry> {
  requirePermission(ctx.actor, "students.read");
  const { limit, cursor } = parseInput(followupListSchema, input);
  getStudentInScope(ctx, studentId);
  const after =
    cursor === undefined
      ? undefined
      : ctx.db
          .select({ id: followups.id, at: followups.at })
          .from(followups)
          .where(and(eq(followups.id, cursor), eq(followups.studentId, studentId)))
          .get();
  if (cursor !== undefined && !after) throw validationError([{ path: "cursor", message: "游标无效" }]);
  const rows = ctx.db
    .select(entryColumns)
    .from(followups)
    .leftJoin(staff, eq(staff.id, followups.staffId))
    .where(
      and(
        eq(followups.studentId, studentId),
        after ? or(lt(followups.at, after.at), and(eq(followups.at, after.at), lt(followups.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(followups.at), desc(followups.id))
    .limit(limit + 1)
    .all();
  return toPage(rows, limit);
}
