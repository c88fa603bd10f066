// Reading the timetable: one lesson, or the lessons whose start falls on a range of business dates,
// always within the actor's scope (a teacher their own lessons, campus roles their campuses).
import type { z } from "zod";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getLessonInScope, type LessonView } from "./lessonViews";
import { getLessonSchema } from "./schedulingSchemas";

/** The widest date range one list covers. */
export const MAX_RANGE_DAYS = 92;
/** The most lessons one list returns; `truncated` says when there were more. */
export const MAX_ITEMS = 1000;

/** One lesson in the actor's scope, or 404. */
export function getLesson({ ctx, input }: { ctx: Ctx; input: z.input<typeof getLessonSchema> }): LessonView {
  const { id } = parseInput(getLessonSchema, input);
  return getLessonInScope(ctx, id);
}
