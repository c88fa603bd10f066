// A campus drops its own week and goes back to the institution's default hours. Idempotent.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { businessCalendars } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { requireCalendarWrite } from "./calendarAccess";
import { dropCampusHoursSchema } from "./calendarSchemas";
import { listCalendars, type CalendarView } from "./listCalendars";

export function dropCampusHours({ ctx, input }: { ctx: Ctx; input: z.input<typeof dropCampusHoursSchema> }): CalendarView {
  const { campusId } = parseInput(dropCampusHoursSchema, input);
  requireCalendarWrite(ctx, campusId);
  return inTransaction(ctx, (tx) => {
    const gone = tx.db.delete(businessCalendars).where(eq(businessCalendars.campusId, campusId)).returning().get();
    if (gone) recordAudit(tx, { action: "calendar.weekly.drop", entityType: "business_calendar", entityId: gone.id, details: { campusId, weekly: JSON.parse(gone.weekly) } });
    const view = listCalendars({ ctx: tx }).find((c) => c.campusId === campusId);
    if (!view) throw new Error("the campus just checked is missing");
    return view;
  });
}
