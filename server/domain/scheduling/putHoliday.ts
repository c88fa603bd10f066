// Holidays (节假日): business-calendar dates on which rule-generated lessons are not scheduled. Anyone
// signed in reads them; classes.write sets or removes one. Existing lessons are left as they are.
import type { z } from "zod";
import { holidays, type Holiday } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { dateSchema, parseInput } from "../../core/input";
import { holidayPutSchema } from "./schedulingSchemas";

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
