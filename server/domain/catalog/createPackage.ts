// Lesson-hour packages (课时包) of a course: create, update, read. Orders copy a package's terms at
// the time of sale, so changing a package never changes what was already sold.
import type { z } from "zod";
import { packages, type Package } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { createPackageSchema } from "./catalogSchemas";
import { getCourse } from "./getCourse";

/** Adds a package to an active course; its name is unique within the course (409). */
export function createPackage({ ctx, input }: { ctx: Ctx; input: z.input<typeof createPackageSchema> }): Package {
  requirePermission(ctx.actor, "catalog.write");
  const { courseId, ...data } = parseInput(createPackageSchema, input);
  const course = getCourse({ ctx, input: { id: courseId } });
  if (course.status !== "active") throw preconditionFailed("课程已停用，不能新增课时包", { courseStatus: course.status });
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(packages).values({ ...data, courseId, createdAt: now, updatedAt: now }).returning().get(),
    `该课程已有名为“${data.name}”的课时包`,
  );
}
