// Terms (学期): named date ranges that a course's leave limit counts in. They may not overlap, so a
// lesson date belongs to at most one term.
import { asc } from "drizzle-orm";
import { terms, type Term } from "../../db/schema";
import type { Ctx } from "../../core/context";

export function listTerms({ ctx }: { ctx: Ctx }): Term[] {
  return ctx.db.select().from(terms).orderBy(asc(terms.startDate)).all();
}
