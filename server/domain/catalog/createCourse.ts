// Courses: create, update, read. Only admins change the catalogue (catalog.write); every signed-in
// person reads it (orders, classes and cards all show it).
import type { z } from "zod";
import { courses, type Course } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { courseCreateSchema } from "./catalogSchemas";

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
