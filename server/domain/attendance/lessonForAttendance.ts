// Loads a lesson with its class and course for attendance, checking that the actor may take it: the
// lesson's teacher, the class's head teacher, campus staff of the class's campus, an admin, or the
// system (QR self check-in and jobs act as the system). Anyone else gets 404.
import { eq, sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import { classes, courses, lessons, type Class, type Course, type Lesson } from "../../db/schema";
import { notFound } from "../../core/errors";
import { isAdmin, rolesOf } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";

export type LessonContext = { lesson: Lesson; klass: Class; course: Course };

const CAMPUS_ROLES: readonly string[] = ["principal", "academic", "service"];

export function mayTakeAttendance(ctx: Ctx, { lesson, klass }: Pick<LessonContext, "lesson" | "klass">): boolean {
  const actor = ctx.actor;
  if (actor.kind === "system" || isAdmin(actor)) return true;
  const roles = rolesOf(actor);
  if (roles.some((r) => CAMPUS_ROLES.includes(r)) && actor.campusIds.includes(klass.campusId)) return true;
  if (actor.kind !== "staff") return false;
  if (roles.includes("teacher") && lesson.teacherId === actor.staffId) return true;
  return roles.includes("head_teacher") && klass.headTeacherId === actor.staffId;
}

export function loadLessonContext(ctx: Ctx, lessonId: number): LessonContext {
  const row = prepared(ctx.db, "attendance.lessonContext", (db) =>
    db
      .select({ lesson: lessons, klass: classes, course: courses })
      .from(lessons)
      .innerJoin(classes, eq(classes.id, lessons.classId))
      .innerJoin(courses, eq(courses.id, classes.courseId))
      .where(eq(lessons.id, sql.placeholder("lessonId")))
      .prepare(),
  ).get({ lessonId });
  if (!row) throw notFound("课次");
  return row;
}

/** The lesson, if the actor may take its attendance; 404 otherwise. */
export function lessonForAttendance(ctx: Ctx, lessonId: number): LessonContext {
  const found = loadLessonContext(ctx, lessonId);
  if (!mayTakeAttendance(ctx, found)) throw notFound("课次");
  return found;
}
