// "The student's latest follow-up": a newer follow-up replaces the plan of an older one, so only the
// latest one's next date counts (the service desk's 待跟进 list, the reminder on the day).
import { desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { followups } from "../../db/schema";
import type { Ctx } from "../../core/context";

/** A condition on `followups` rows: the row is its student's latest (by when it happened, then id). */
export function isLatestFollowup(ctx: Ctx): SQL {
  const later = alias(followups, "later");
  const latest = ctx.db.select({ id: later.id }).from(later).where(eq(later.studentId, followups.studentId)).orderBy(desc(later.at), desc(later.id)).limit(1);
  return sql`${followups.id} = (${latest})`;
}
