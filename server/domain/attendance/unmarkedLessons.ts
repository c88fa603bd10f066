// 未点名: lessons that ended with no roll call. A lesson has a roll call once somebody marked a student
// of it present, late or absent — by roll call, a QR check-in or the API — or once every student on its
// roster has a record that is not automatic (e.g. everybody on leave). Automatic absences (自动记录·待确认)
// are not a roll call, and a leave or make-up arranged beforehand is not one either. A lesson with no
// student needs none. Academic affairs see the list of the last 14 days; the reminder job uses the same rule.
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import { z } from "zod";
import { attendance, classes, courses, lessons } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput, queryIntSchema } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { lessonScopeCondition } from "../scheduling/classScope";
import { selectLessonViews, type LessonView } from "../scheduling/lessonViews";
import { rollCallProgress } from "./rollCallProgress";

const DAY = 24 * 3600 * 1000;
/** How far back the list looks. */
export const UNMARKED_WINDOW_DAYS = 14;
/** At most this many ended lessons are examined per call (14 days of a large school). */
const SCAN_LIMIT = 5000;

/** The statuses a person marks at a roll call (leave and make-up are arranged beforehand). */
const ROLL_CALL_STATUSES = ["present", "late", "absent"] as const;

/** Of these lessons, those with no roll call, each with the number of students on its roster. */
export function unmarkedAmong<L extends Pick<LessonView, "id" | "classId" | "startsAt">>(ctx: Ctx, list: L[]): (L & { enrolled: number })[] {
  if (list.length === 0) return [];
  const ids = list.map((l) => l.id);
  const marked = new Set(
    ctx.db
      .selectDistinct({ lessonId: attendance.lessonId })
      .from(attendance)
      .where(and(inArray(attendance.lessonId, ids), inArray(attendance.status, ROLL_CALL_STATUSES), inArray(attendance.channel, ["roll_call", "qr_self", "qr_staff_scan", "api"])))
      .all()
      .map((r) => r.lessonId),
  );
  const open = list.filter((l) => !marked.has(l.id));
  const progress = rollCallProgress(ctx, open);
  return open.flatMap((l) => {
    const p = progress.get(l.id);
    return p && p.students > 0 && !p.done ? [{ ...l, enrolled: p.students }] : [];
  });
}

/** listUnmarkedLessons: how many at most, and optionally one campus. */
export const listUnmarkedLessonsSchema = z.object({
  limit: queryIntSchema(1, 200).default(50),
  campusId: idSchema.optional(),
});

export type UnmarkedLesson = {
  lessonId: number;
  classId: number;
  className: string;
  courseName: string;
  teacherId: number;
  teacherName: string;
  startsAt: number;
  endsAt: number;
  /** Students on the roster. */
  enrolled: number;
};

/** Lessons in the caller's scope that ended in the last 14 days with no roll call, the latest first. */
export function listUnmarkedLessons({ ctx, input }: { ctx: Ctx; input: z.input<typeof listUnmarkedLessonsSchema> }): { items: UnmarkedLesson[] } {
  requirePermission(ctx.actor, "attendance.write");
  const q = parseInput(listUnmarkedLessonsSchema, input);
  const now = ctx.clock.now();
  const ended = selectLessonViews(
    ctx,
    and(
      lessonScopeCondition(ctx.actor),
      eq(lessons.status, "scheduled"),
      lte(lessons.endsAt, now),
      gte(lessons.endsAt, now - UNMARKED_WINDOW_DAYS * DAY),
      q.campusId === undefined ? undefined : eq(classes.campusId, q.campusId),
    ),
    SCAN_LIMIT,
  );
  const open = unmarkedAmong(ctx, ended).reverse().slice(0, q.limit);
  const courseIds = [...new Set(open.map((l) => l.courseId))];
  const courseNames = new Map(
    courseIds.length === 0 ? [] : ctx.db.select({ id: courses.id, name: courses.name }).from(courses).where(inArray(courses.id, courseIds)).all().map((c) => [c.id, c.name]),
  );
  return {
    items: open.map((l) => ({
      lessonId: l.id,
      classId: l.classId,
      className: l.className,
      courseName: courseNames.get(l.courseId) ?? "",
      teacherId: l.teacherId,
      teacherName: l.teacherName,
      startsAt: l.startsAt,
      endsAt: l.endsAt,
      enrolled: l.enrolled,
    })),
  };
}
