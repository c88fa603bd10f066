// 未点名 for academic affairs (教务): lessons of the last two weeks in the caller's scope that have ended,
// were not cancelled and have no roll call (the rule of attendance/unmarkedLessons.ts: automatic
// absences are not a roll call, a lesson with no student needs none), the latest first.
import { and, eq, gte, lte, type SQL } from "drizzle-orm";
import { lessons } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { UNMARKED_WINDOW_DAYS, unmarkedAmong } from "../attendance/unmarkedLessons";
import { lessonScopeCondition } from "../scheduling/classScope";
import { selectLessonViews, type LessonView } from "../scheduling/lessonViews";
import { HOME_ROWS, type HomeList } from "./homeList";

const DAY = 24 * 3600 * 1000;
/** More lessons than a school holds in two weeks: the scan stays bounded. */
const SCAN_LIMIT = 5000;

export type UnmarkedLesson = LessonView & { students: number };

/** The lessons in scope that ended within [from, to] (not cancelled) and have no roll call, oldest first. */
export function unmarkedBetween(ctx: Ctx, from: number, to: number, where?: SQL): (LessonView & { enrolled: number })[] {
  const ended = selectLessonViews(
    ctx,
    and(lessonScopeCondition(ctx.actor), eq(lessons.status, "scheduled"), gte(lessons.endsAt, from), lte(lessons.endsAt, to), where),
    SCAN_LIMIT,
  );
  return unmarkedAmong(ctx, ended);
}

export function unmarkedLessonsBlock(ctx: Ctx): HomeList<UnmarkedLesson> {
  const now = ctx.clock.now();
  const open = unmarkedBetween(ctx, now - UNMARKED_WINDOW_DAYS * DAY, now).reverse();
  return { total: open.length, items: open.slice(0, HOME_ROWS).map(({ enrolled, ...l }) => ({ ...l, students: enrolled })) };
}
