// The follow-up timeline of a student (跟进记录): record one, read them newest first. Whoever may see
// the student and holds followups.write records; the author is the acting staff member (none for tokens).
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { z } from "zod";
import { followups, staff } from "../../db/schema";
import { validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage, type Page } from "../../core/page";
import { listFollowupsSchema } from "./followupSchemas";
import { entryColumns, type FollowupEntry } from "./followupEntry";

/** Newest first by when they happened (then by id); the cursor is the last id of the previous page. */
export function listFollowups({ ctx, input }: { ctx: Ctx; input: z.input<typeof listFollowupsSchema> }): Page<FollowupEntry> {
  requirePermission(ctx.actor, "students.read");
  const { studentId, limit, cursor } = parseInput(listFollowupsSchema, input);
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
