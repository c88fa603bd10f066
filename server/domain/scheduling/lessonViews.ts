// A lesson (课次) as every screen shows it: the row with its class, campus, teacher and room names. Also
// the one way to load a lesson within the actor's scope (404 outside it), for roll call and check-in too.
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { classes, lessons, rooms, staff, type Lesson } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { lessonScopeCondition } from "./classScope";

/** A lesson with its class, campus, teacher and room names. */
export type LessonView = Lesson & {
  className: string;
  courseId: number;
  campusId: number;
  teacherName: string;
  roomName: string | null;
};

/** Up to `limit` lessons matching `where` (over lessons joined with classes), in time order. */
export function selectLessonViews(ctx: Ctx, where: SQL | undefined, limit: number): LessonView[] {
  return ctx.db
    .select({
      lesson: lessons,
      className: classes.name,
      courseId: classes.courseId,
      campusId: classes.campusId,
      teacherName: staff.name,
      roomName: rooms.name,
    })
    .from(lessons)
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .innerJoin(staff, eq(staff.id, lessons.teacherId))
    .leftJoin(rooms, eq(rooms.id, lessons.roomId))
    .where(where)
    .orderBy(asc(lessons.startsAt), asc(lessons.id))
    .limit(limit)
    .all()
    .map(({ lesson, ...names }) => ({ ...lesson, ...names }));
}

/** The views of the given lesson ids (no scope check), in time order. */
export function loadLessonViews(ctx: Ctx, ids: number[]): LessonView[] {
  if (ids.length === 0) return [];
  return selectLessonViews(ctx, inArray(lessons.id, ids), ids.length);
}

/** One lesson view (no scope check), or 404. */
export function loadLessonView(ctx: Ctx, id: number): LessonView {
  const [view] = loadLessonViews(ctx, [id]);
  if (!view) throw notFound("课次");
  return view;
}

/** Loads a lesson the actor may see (its class in scope, or a teacher's own lesson), or throws 404. */
export function getLessonInScope(ctx: Ctx, id: number): LessonView {
  const [view] = selectLessonViews(ctx, and(eq(lessons.id, id), lessonScopeCondition(ctx.actor)), 1);
  if (!view) throw notFound("课次");
  return view;
}
