// Lesson-hour packages (课时包) of a course: create, update, read. Orders copy a package's terms at
// the time of sale, so changing a package never changes what was already sold.
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { packages, type Package } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { packageListSchema } from "./catalogSchemas";

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
