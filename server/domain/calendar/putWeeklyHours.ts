// Sets a campus's own weekly opening hours (or the institution's default for campuses without their
// own). Optimistic lock on the row's version: a second editor who read an older week gets 409.
import { eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { stale } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { businessCalendars } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { versionedUpdate } from "../versionedUpdate";
import { requireCalendarWrite } from "./calendarAccess";
import { putWeeklyHoursSchema } from "./calendarSchemas";
import { listCalendars, type CalendarView } from "./listCalendars";

export function putWeeklyHours({ ctx, input }: { ctx: Ctx; input: z.input<typeof putWeeklyHoursSchema> }): CalendarView {
  const { campusId, weekly, version } = parseInput(putWeeklyHoursSchema, input);
  requireCalendarWrite(ctx, campusId);
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const where = campusId === null ? isNull(businessCalendars.campusId) : eq(businessCalendars.campusId, campusId);
    const row = tx.db.select().from(businessCalendars).where(where).get();
    const json = JSON.stringify(weekly);
    if (row) versionedUpdate(tx.db, businessCalendars, row.id, version, { weekly: json, updatedAt: now }, "营业时间");
    // A version for a week that is not there (someone dropped it meanwhile) is as stale as an older one.
    else if (version !== undefined) throw stale("营业时间", 0);
    else tx.db.insert(businessCalendars).values({ campusId, weekly: json, createdAt: now, updatedAt: now }).run();
    const saved = tx.db.select({ id: businessCalendars.id }).from(businessCalendars).where(where).get();
    recordAudit(tx, { action: "calendar.weekly.put", entityType: "business_calendar", entityId: saved?.id ?? null, details: { campusId, weekly } });
    const view = listCalendars({ ctx: tx }).find((c) => c.campusId === campusId);
    if (!view) throw new Error("the calendar just written is missing");
    return view;
  });
}
