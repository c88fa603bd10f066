// Courses: create, update, read. Only admins change the catalogue (catalog.write); every signed-in
// person reads it (orders, classes and cards all show it).
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { courses, type Course } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { courseCreateSchema, courseListSchema, courseUpdateSchema } from "./catalogSchemas";

/** One course or 404. */
export function getCourse({ ctx, id }: { ctx: Ctx; id: number }): Course {
  const row = ctx.db.select().from(courses).where(eq(courses.id, id)).get();
  if (!row) throw notFound("课程");
  return row;
}

/** Courses in creation order (a short list: no paging). */
export function listCourses({ ctx, input }: { ctx: Ctx; input: z.input<typeof courseListSchema> }): Course[] {
  const f = parseInput(courseListSchema, input);
  return ctx.db
    .select()
    .from(courses)
    .where(
      and(
        f.status === undefined ? undefined : eq(courses.status, f.status),
        f.type === undefined ? undefined : eq(courses.type, f.type),
      ),
    )
    .orderBy(asc(courses.id))
    .all();
}

/** Creates a course; the name is unique (409). */
export function createCourse({ ctx, input }: { ctx: Ctx; input: z.input<typeof courseCreateSchema> }): Course {
  requirePermission(ctx.actor, "catalog.write");
  const data = parseInput(courseCreateSchema, input);
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(courses).values({ ...data, createdAt: now, updatedAt: now }).returning().get(),
    `课程名称“${data.name}”已存在`,
  );
}

/** Changes a course (optimistic version). */
export function updateCourse({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof courseUpdateSchema> }): Course {
  requirePermission(ctx.actor, "catalog.write");
  const { version, ...data } = parseInput(courseUpdateSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, courses, id, version, { ...data, updatedAt: ctx.clock.now() }, "课程"),
    `课程名称“${data.name ?? ""}”已存在`,
  );
  return getCourse({ ctx, id });
}
