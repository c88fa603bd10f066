// Courses: create, update, read. Only admins change the catalogue (catalog.write); every signed-in
// person reads it (orders, classes and cards all show it).
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { courses, type Course } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { courseListSchema } from "./catalogSchemas";

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
