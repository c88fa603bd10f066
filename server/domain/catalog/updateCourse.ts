// Courses: create, update, read. Only admins change the catalogue (catalog.write); every signed-in
// person reads it (orders, classes and cards all show it).
import type { z } from "zod";
import { courses, type Course } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { updateCourseSchema } from "./catalogSchemas";
import { getCourse } from "./getCourse";

/** Changes a course (optimistic version). */
export function updateCourse({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateCourseSchema> }): Course {
  requirePermission(ctx.actor, "catalog.write");
  const { id, version, ...data } = parseInput(updateCourseSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, courses, id, version, { ...data, updatedAt: ctx.clock.now() }, "课程"),
    `课程名称“${data.name ?? ""}”已存在`,
  );
  return getCourse({ ctx, input: { id } });
}
