// Follow-up task lists: the caller's own (待办: due today, overdue, upcoming), or with scope=all every
// task of the caller's campuses (principals, admins: followups.manage), filtered by kind, state, owner
// (or 未分配), student and due bucket. Open tasks soonest due first, closed ones newest closed first;
// `counts` gives the three due buckets of the same filter, for the tabs. A task due by the end of today
// is today's (most are due at a day's end, which is the next midnight); one due by today's start is overdue.
import { and, asc, count, desc, eq, gt, isNull, lt, lte, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { z } from "zod";
import { followupTasks, staff, students, type FollowupTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { businessDate, endOfBusinessDay, startOfBusinessDay } from "../../core/clock";
import { forbidden, validationError } from "../../core/errors";
import { parseInput } from "../../core/input";
import { hasPermission } from "../../../shared/permissions";
import { followupTaskListSchema } from "./followupTaskSchemas";
import { taskScopeCondition } from "./taskAccess";

export type FollowupTaskListItem = FollowupTaskRow & { studentName: string; ownerName: string | null };
export type FollowupTaskList = { items: FollowupTaskListItem[]; nextCursor: number | null; counts: { today: number; overdue: number; upcoming: number } };

export function listFollowupTasks({ ctx, input }: { ctx: Ctx; input: z.input<typeof followupTaskListSchema> }): FollowupTaskList {
  const q = parseInput(followupTaskListSchema, input);
  const actor = ctx.actor;
  const conditions: (SQL | undefined)[] = [taskScopeCondition(ctx), eq(followupTasks.state, q.state)];
  if (q.scope === "mine") {
    if (actor.kind !== "staff") throw validationError([{ path: "scope", message: "令牌没有自己的待办，请用 scope=all" }]);
    conditions.push(eq(followupTasks.ownerId, actor.staffId));
  } else if (actor.kind !== "system" && !hasPermission(actor, "followups.manage")) {
    throw forbidden("只有校长和管理员可以查看全部待办");
  }
  if (q.kind) conditions.push(eq(followupTasks.kind, q.kind));
  if (q.owner === "none") conditions.push(isNull(followupTasks.ownerId));
  else if (q.owner !== undefined) conditions.push(eq(followupTasks.ownerId, q.owner));
  if (q.studentId !== undefined) conditions.push(eq(followupTasks.studentId, q.studentId));
  if (q.campusId !== undefined) conditions.push(eq(followupTasks.campusId, q.campusId));
  const today = businessDate(ctx.clock.now(), ctx.tz);
  const dayStart = startOfBusinessDay(today, ctx.tz);
  const dayEnd = endOfBusinessDay(today, ctx.tz);
  const buckets = {
    today: and(gt(followupTasks.dueAt, dayStart), lte(followupTasks.dueAt, dayEnd)),
    overdue: lte(followupTasks.dueAt, dayStart),
    upcoming: gt(followupTasks.dueAt, dayEnd),
  };
  const base = and(...conditions);
  const after =
    q.cursor === undefined
      ? undefined
      : ctx.db.select({ id: followupTasks.id, dueAt: followupTasks.dueAt, closedAt: followupTasks.closedAt }).from(followupTasks).where(eq(followupTasks.id, q.cursor)).get();
  if (q.cursor !== undefined && !after) throw validationError([{ path: "cursor", message: "游标无效" }]);
  const closed = q.state !== "open";
  const afterCursor = !after
    ? undefined
    : closed
      ? or(lt(followupTasks.closedAt, after.closedAt ?? 0), and(eq(followupTasks.closedAt, after.closedAt ?? 0), lt(followupTasks.id, after.id)))
      : or(gt(followupTasks.dueAt, after.dueAt), and(eq(followupTasks.dueAt, after.dueAt), gt(followupTasks.id, after.id)));
  const owner = alias(staff, "owner");
  const rows = ctx.db
    .select({ task: followupTasks, studentName: students.name, ownerName: owner.name })
    .from(followupTasks)
    .innerJoin(students, eq(students.id, followupTasks.studentId))
    .leftJoin(owner, eq(owner.id, followupTasks.ownerId))
    .where(
      and(
        base,
        q.due ? buckets[q.due] : undefined,
        afterCursor,
      ),
    )
    .orderBy(...(closed ? [desc(followupTasks.closedAt), desc(followupTasks.id)] : [asc(followupTasks.dueAt), asc(followupTasks.id)]))
    .limit(q.limit + 1)
    .all();
  const items = rows.slice(0, q.limit).map((r) => ({ ...r.task, studentName: r.studentName, ownerName: r.ownerName }));
  const bucketCount = (c: SQL | undefined) =>
    ctx.db.select({ n: count() }).from(followupTasks).innerJoin(students, eq(students.id, followupTasks.studentId)).where(and(base, c)).get()?.n ?? 0;
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > q.limit && last ? last.id : null,
    counts: { today: bucketCount(buckets.today), overdue: bucketCount(buckets.overdue), upcoming: bucketCount(buckets.upcoming) },
  };
}

