// Lesson-hour packages (课时包) of a course: create, update, read. Orders copy a package's terms at
// the time of sale, so changing a package never changes what was already sold.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { packages, type Package } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getPackageSchema } from "./catalogSchemas";

/** One package or 404. */
export function getPackage({ ctx, input }: { ctx: Ctx; input: z.input<typeof getPackageSchema> }): Package {
  const { id } = parseInput(getPackageSchema, input);
  const row = ctx.db.select().from(packages).where(eq(packages.id, id)).get();
  if (!row) throw notFound("课时包");
  return row;
}
