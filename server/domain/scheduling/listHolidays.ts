// Holidays (节假日): business-calendar dates on which rule-generated lessons are not scheduled. Anyone
// signed in reads them; classes.write sets or removes one. Existing lessons are left as they are.
import { and, asc, gte, lte } from "drizzle-orm";
import type { z } from "zod";
import { holidays, type Holiday } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { holidayListSchema } from "./schedulingSchemas";

/** Holidays from `from` to `to` (both included, either open), in date order. */
export function listHolidays({ ctx, input }: { ctx: Ctx; input: z.input<typeof holidayListSchema> }): Holiday[] {
  const f = parseInput(holidayListSchema, input);
  return ctx.db
    .select()
    .from(holidays)
    .where(and(f.from === undefined ? undefined : gte(holidays.date, f.from), f.to === undefined ? undefined : lte(holidays.date, f.to)))
    .orderBy(asc(holidays.date))
    .all();
}
