// Sets a dated exception: a closed day (休息) or an open one with its own hours (调休上班), for one campus
// or (campusId null, admins) for every campus. PUT by (campus, date): setting the same day twice keeps one row.
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { calendarDays } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { requireCalendarWrite } from "./calendarAccess";
import { putCalendarDaySchema } from "./calendarSchemas";
import { dayRangesSchema } from "./calendarSchemas";
import type { CalendarDayView } from "./listCalendarDays";

export function putCalendarDay({ ctx, input }: { ctx: Ctx; input: z.input<typeof putCalendarDaySchema> }): CalendarDayView {
  const d = parseInput(putCalendarDaySchema, input);
  requireCalendarWrite(ctx, d.campusId);
  const ranges = d.open ? JSON.stringify(d.ranges ?? []) : null;
  return inTransaction(ctx, (tx) => {
    const where = and(d.campusId === null ? isNull(calendarDays.campusId) : eq(calendarDays.campusId, d.campusId), eq(calendarDays.date, d.date));
    const existing = tx.db.select().from(calendarDays).where(where).get();
    const row = existing
      ? tx.db.update(calendarDays).set({ open: d.open, ranges, name: d.name }).where(eq(calendarDays.id, existing.id)).returning().get()
      : tx.db.insert(calendarDays).values({ campusId: d.campusId, date: d.date, open: d.open, ranges, name: d.name, createdAt: tx.clock.now() }).returning().get();
    recordAudit(tx, { action: "calendar.day.put", entityType: "calendar_day", entityId: row.id, details: { campusId: d.campusId, date: d.date, open: d.open, ranges: d.ranges ?? [], name: d.name } });
    return {
      id: row.id,
      campusId: row.campusId,
      date: row.date,
      open: row.open,
      ranges: row.ranges ? dayRangesSchema.parse(JSON.parse(row.ranges)) : [],
      name: row.name,
      source: row.campusId === null ? "institution" : "campus",
      applies: true,
    };
  });
}
