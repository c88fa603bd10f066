// Removes a dated exception: the day follows its weekday (or a wider exception) again.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { notFound } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { calendarDays } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { requireCalendarWrite } from "./calendarAccess";
import { deleteCalendarDaySchema } from "./calendarSchemas";

export function deleteCalendarDay({ ctx, input }: { ctx: Ctx; input: z.input<typeof deleteCalendarDaySchema> }): void {
  const { id } = parseInput(deleteCalendarDaySchema, input);
  const row = ctx.db.select().from(calendarDays).where(eq(calendarDays.id, id)).get();
  if (!row) throw notFound("日期例外");
  requireCalendarWrite(ctx, row.campusId);
  inTransaction(ctx, (tx) => {
    tx.db.delete(calendarDays).where(eq(calendarDays.id, id)).run();
    recordAudit(tx, { action: "calendar.day.delete", entityType: "calendar_day", entityId: id, details: { campusId: row.campusId, date: row.date, open: row.open, ranges: row.ranges, name: row.name } });
  });
}
