// Lesson-hour packages (课时包) of a course: create, update, read. Orders copy a package's terms at
// the time of sale, so changing a package never changes what was already sold.
import { eq } from "drizzle-orm";
import { packages, type Package } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";

/** One package or 404. */
export function getPackage({ ctx, id }: { ctx: Ctx; id: number }): Package {
  const row = ctx.db.select().from(packages).where(eq(packages.id, id)).get();
  if (!row) throw notFound("课时包");
  return row;
}
