// Holidays (节假日): business-calendar dates on which rule-generated lessons are not scheduled. Anyone
// signed in reads them; classes.write sets or removes one. Existing lessons are left as they are.
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { z } from "zod";
import { holidays, type Holiday } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { dateSchema, parseInput } from "../../core/input";
import { holidayListSchema, holidayPutSchema } from "./schedulingSchemas";

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

/** The holiday dates from `from` to `to`, for lesson generation. */
export function holidayDatesBetween(ctx: Ctx, from: string, to: string): Set<string> {
  const rows = ctx.db
    .select({ date: holidays.date })
    .from(holidays)
    .where(and(gte(holidays.date, from), lte(holidays.date, to)))
    .all();
  return new Set(rows.map((r) => r.date));
}

/** Sets (creates or renames) the holiday on a date: PUT is idempotent. */
export function putHoliday({ ctx, date, input }: { ctx: Ctx; date: string; input: z.input<typeof holidayPutSchema> }): Holiday {
  requirePermission(ctx.actor, "classes.write");
  const day = parseInput(dateSchema, date);
  const data = parseInput(holidayPutSchema, input);
  return ctx.db
    .insert(holidays)
    .values({ date: day, name: data.name, createdAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: holidays.date, set: { name: data.name } })
    .returning()
    .get();
}

/** Removes the holiday on a date, or 404. */
export function deleteHoliday({ ctx, date }: { ctx: Ctx; date: string }): void {
  requirePermission(ctx.actor, "classes.write");
  const day = parseInput(dateSchema, date);
  const result = ctx.db.delete(holidays).where(eq(holidays.date, day)).run();
  if (result.changes === 0) throw notFound("节假日");
}
