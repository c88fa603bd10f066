// Courses: create, update, read. Only admins change the catalogue (catalog.write); every signed-in
// person reads it (orders, classes and cards all show it).
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { courses, type Course } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getCourseSchema } from "./catalogSchemas";

/** One course or 404. */
export function getCourse({ ctx, input }: { ctx: Ctx; input: z.input<typeof getCourseSchema> }): Course {
  const { id } = parseInput(getCourseSchema, input);
  const row = ctx.db.select().from(courses).where(eq(courses.id, id)).get();
  if (!row) throw notFound("课程");
  return row;
}
