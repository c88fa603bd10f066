// Holidays (节假日): business-calendar dates on which rule-generated lessons are not scheduled. Anyone
// signed in reads them; classes.write sets or removes one. Existing lessons are left as they are.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { holidays } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { deleteHolidaySchema } from "./schedulingSchemas";

/** Removes the holiday on a date, or 404. */
export function deleteHoliday({ ctx, input }: { ctx: Ctx; input: z.input<typeof deleteHolidaySchema> }): void {
  requirePermission(ctx.actor, "classes.write");
  const { date: day } = parseInput(deleteHolidaySchema, input);
  const result = ctx.db.delete(holidays).where(eq(holidays.date, day)).run();
  if (result.changes === 0) throw notFound("节假日");
}
