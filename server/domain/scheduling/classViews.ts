// A class as every screen shows it: the row with the names it points to, its weekly rule and its seats
// taken. Built for many classes at once with a fixed number of queries.
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  campuses,
  classes,
  classSlots,
  courses,
  enrollments,
  rooms,
  staff,
  type Class,
  type ClassSlot,
  type CourseType,
} from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";

/** A class with the names it points to, its weekly rule and its seats taken. */
export type ClassView = Class & {
  courseName: string;
  courseType: CourseType;
  campusName: string;
  teacherName: string;
  headTeacherName: string | null;
  roomName: string | null;
  slots: ClassSlot[];
  /** Active enrolments: the seats taken. */
  activeEnrollments: number;
};

const headTeachers = alias(staff, "head_teachers");

/** Up to `limit` classes matching `where`, newest first, with names, slots and seats taken. */
export function selectClassViews(ctx: Ctx, where: SQL | undefined, limit: number): ClassView[] {
  const rows = ctx.db
    .select({
      class: classes,
      courseName: courses.name,
      courseType: courses.type,
      campusName: campuses.name,
      teacherName: staff.name,
      headTeacherName: headTeachers.name,
      roomName: rooms.name,
    })
    .from(classes)
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .innerJoin(campuses, eq(campuses.id, classes.campusId))
    .innerJoin(staff, eq(staff.id, classes.teacherId))
    .leftJoin(headTeachers, eq(headTeachers.id, classes.headTeacherId))
    .leftJoin(rooms, eq(rooms.id, classes.roomId))
    .where(where)
    .orderBy(desc(classes.id))
    .limit(limit)
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.class.id);
  const slots = ctx.db
    .select()
    .from(classSlots)
    .where(inArray(classSlots.classId, ids))
    .orderBy(asc(classSlots.weekday), asc(classSlots.startTime), asc(classSlots.id))
    .all();
  const seats = ctx.db
    .select({ classId: enrollments.classId, n: count() })
    .from(enrollments)
    .where(and(inArray(enrollments.classId, ids), eq(enrollments.status, "active")))
    .groupBy(enrollments.classId)
    .all();
  return rows.map(({ class: c, ...names }) => ({
    ...c,
    ...names,
    slots: slots.filter((s) => s.classId === c.id),
    activeEnrollments: seats.find((s) => s.classId === c.id)?.n ?? 0,
  }));
}

/** One class view by id (no scope check: callers load it in scope first), or 404. */
export function loadClassView(ctx: Ctx, classId: number): ClassView {
  const [view] = selectClassViews(ctx, eq(classes.id, classId), 1);
  if (!view) throw notFound("班级");
  return view;
}
