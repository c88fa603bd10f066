// Holidays (节假日): business-calendar dates on which rule-generated lessons are not scheduled. Anyone
// signed in reads them; classes.write sets or removes one. Existing lessons are left as they are.
import type { z } from "zod";
import { holidays, type Holiday } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { putHolidaySchema } from "./schedulingSchemas";

/** Sets (creates or renames) the holiday on a date: PUT is idempotent. */
export function putHoliday({ ctx, input }: { ctx: Ctx; input: z.input<typeof putHolidaySchema> }): Holiday {
  requirePermission(ctx.actor, "classes.write");
  const { date: day, ...data } = parseInput(putHolidaySchema, input);
  return ctx.db
    .insert(holidays)
    .values({ date: day, name: data.name, createdAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: holidays.date, set: { name: data.name } })
    .returning()
    .get();
}
