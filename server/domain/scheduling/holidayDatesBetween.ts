// Holidays (节假日): business-calendar dates on which rule-generated lessons are not scheduled. Anyone
// signed in reads them; classes.write sets or removes one. Existing lessons are left as they are.
import { and, gte, lte } from "drizzle-orm";
import { holidays } from "../../db/schema";
import type { Ctx } from "../../core/context";

/** The holiday dates from `from` to `to`, for lesson generation. */
export function holidayDatesBetween(ctx: Ctx, from: string, to: string): Set<string> {
  const rows = ctx.db
    .select({ date: holidays.date })
    .from(holidays)
    .where(and(gte(holidays.date, from), lte(holidays.date, to)))
    .all();
  return new Set(rows.map((r) => r.date));
}
