// Lesson-hour packages (课时包) of a course: create, update, read. Orders copy a package's terms at
// the time of sale, so changing a package never changes what was already sold.
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { packages, type Package } from "../../db/schema";
import { notFound, preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { packageCreateSchema, packageListSchema, packageUpdateSchema } from "./catalogSchemas";
import { getCourse } from "./courseVerbs";

/** One package or 404. */
export function getPackage({ ctx, id }: { ctx: Ctx; id: number }): Package {
  const row = ctx.db.select().from(packages).where(eq(packages.id, id)).get();
  if (!row) throw notFound("课时包");
  return row;
}

/** Packages by course, in creation order (a short list: no paging). */
export function listPackages({ ctx, input }: { ctx: Ctx; input: z.input<typeof packageListSchema> }): Package[] {
  const f = parseInput(packageListSchema, input);
  return ctx.db
    .select()
    .from(packages)
    .where(
      and(
        f.courseId === undefined ? undefined : eq(packages.courseId, f.courseId),
        f.status === undefined ? undefined : eq(packages.status, f.status),
      ),
    )
    .orderBy(asc(packages.courseId), asc(packages.id))
    .all();
}

/** Adds a package to an active course; its name is unique within the course (409). */
export function createPackage({ ctx, courseId, input }: { ctx: Ctx; courseId: number; input: z.input<typeof packageCreateSchema> }): Package {
  requirePermission(ctx.actor, "catalog.write");
  const data = parseInput(packageCreateSchema, input);
  const course = getCourse({ ctx, id: courseId });
  if (course.status !== "active") throw preconditionFailed("课程已停用，不能新增课时包", { courseStatus: course.status });
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(packages).values({ ...data, courseId, createdAt: now, updatedAt: now }).returning().get(),
    `该课程已有名为“${data.name}”的课时包`,
  );
}

/** Changes a package (optimistic version). */
export function updatePackage({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof packageUpdateSchema> }): Package {
  requirePermission(ctx.actor, "catalog.write");
  const { version, ...data } = parseInput(packageUpdateSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, packages, id, version, { ...data, updatedAt: ctx.clock.now() }, "课时包"),
    `该课程已有名为“${data.name ?? ""}”的课时包`,
  );
  return getPackage({ ctx, id });
}
