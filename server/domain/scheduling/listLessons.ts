// Reading the timetable: one lesson, or the lessons whose start falls on a range of business dates,
// always within the actor's scope (a teacher their own lessons, campus roles their campuses).
import { and, eq, gte, lt } from "drizzle-orm";
import type { z } from "zod";
import { businessDate, endOfBusinessDay, startOfBusinessDay } from "../../core/clock";
import { classes, lessons } from "../../db/schema";
import { validationError } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { lessonScopeCondition } from "./classScope";
import { addDays, daysBetween } from "./lessonSpan";
import { selectLessonViews, type LessonView } from "./lessonViews";
import { lessonListSchema } from "./schedulingSchemas";
import { MAX_RANGE_DAYS, MAX_ITEMS } from "./getLesson";

/** Lessons starting from `from` to `to` (business dates, both included; default the next 7 days). */
export function listLessons({ ctx, input }: { ctx: Ctx; input: z.input<typeof lessonListSchema> }): { items: LessonView[]; truncated: boolean } {
  const f = parseInput(lessonListSchema, input);
  const from = f.from ?? businessDate(ctx.clock.now(), ctx.tz);
  const to = f.to ?? addDays(from, 6);
  if (to < from) throw validationError([{ path: "to", message: "结束日期不能早于开始日期" }]);
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw validationError([{ path: "to", message: `一次最多查询 ${MAX_RANGE_DAYS} 天` }]);
  const where = and(
    lessonScopeCondition(ctx.actor),
    gte(lessons.startsAt, startOfBusinessDay(from, ctx.tz)),
    lt(lessons.startsAt, endOfBusinessDay(to, ctx.tz)),
    f.classId === undefined ? undefined : eq(lessons.classId, f.classId),
    f.teacherId === undefined ? undefined : eq(lessons.teacherId, f.teacherId),
    f.roomId === undefined ? undefined : eq(lessons.roomId, f.roomId),
    f.campusId === undefined ? undefined : eq(classes.campusId, f.campusId),
    f.status === undefined ? undefined : eq(lessons.status, f.status),
  );
  const rows = selectLessonViews(ctx, where, MAX_ITEMS + 1);
  return { items: rows.slice(0, MAX_ITEMS), truncated: rows.length > MAX_ITEMS };
}
