// 待跟进 for customer service (客服): students in the caller's scope whose latest follow-up planned the
// next one for today or earlier (a newer follow-up replaces the plan), the longest waiting first.
import { and, asc, count, eq, lte, sql } from "drizzle-orm";
import { followups, staff, students } from "../../db/schema";
import { businessDate } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { studentScopeCondition } from "../access/studentScope";
import { isLatestFollowup } from "../followups/latestFollowup";
import { HOME_ROWS, type HomeList } from "./homeList";

export type FollowupDue = {
  followupId: number;
  studentId: number;
  studentName: string;
  nextFollowupDate: string;
  /** What the last follow-up said, and who wrote it. */
  content: string;
  staffName: string | null;
};

export function followupsDueBlock(ctx: Ctx): HomeList<FollowupDue> {
  const today = businessDate(ctx.clock.now(), ctx.tz);
  const where = and(lte(followups.nextFollowupDate, today), isLatestFollowup(ctx), studentScopeCondition(ctx.actor));
  const items = ctx.db
    .select({
      followupId: followups.id,
      studentId: students.id,
      studentName: students.name,
      nextFollowupDate: sql<string>`${followups.nextFollowupDate}`,
      content: followups.content,
      staffName: staff.name,
    })
    .from(followups)
    .innerJoin(students, eq(students.id, followups.studentId))
    .leftJoin(staff, eq(staff.id, followups.staffId))
    .where(where)
    .orderBy(asc(followups.nextFollowupDate), asc(followups.id))
    .limit(HOME_ROWS)
    .all();
  const total =
    items.length < HOME_ROWS
      ? items.length
      : (ctx.db.select({ n: count() }).from(followups).innerJoin(students, eq(students.id, followups.studentId)).where(where).get()?.n ?? 0);
  return { total, items };
}
