// A campus's time zone, for a campus abroad (or in another zone than TZ_BUSINESS): its opening hours,
// holidays and due times are read in it. Only IANA names the runtime knows are accepted.
import type { z } from "zod";
import { validationError } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { campuses } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { versionedUpdate } from "../versionedUpdate";
import { requireCalendarWrite } from "./calendarAccess";
import { setCampusTimeZoneSchema } from "./calendarSchemas";
import { listCalendars, type CalendarView } from "./listCalendars";

/** The zone's canonical IANA name (Intl's spelling), or null when the runtime does not know it. */
export function canonicalTimeZone(name: string): string | null {
  // "+08:00" style offsets are accepted by Intl but are not zones: no DST rules, no IANA name.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function setCampusTimeZone({ ctx, input }: { ctx: Ctx; input: z.input<typeof setCampusTimeZoneSchema> }): CalendarView {
  const { campusId, timeZone, version } = parseInput(setCampusTimeZoneSchema, input);
  const zone = timeZone === null ? null : canonicalTimeZone(timeZone);
  if (timeZone !== null && zone === null) throw validationError([{ path: "timeZone", message: `“${timeZone}”不是有效的时区名称（例如 Asia/Shanghai）` }]);
  requireCalendarWrite(ctx, campusId);
  return inTransaction(ctx, (tx) => {
    versionedUpdate(tx.db, campuses, campusId, version, { timeZone: zone, updatedAt: tx.clock.now() }, "校区");
    recordAudit(tx, { action: "calendar.time_zone.set", entityType: "campus", entityId: campusId, details: { timeZone: zone } });
    const view = listCalendars({ ctx: tx }).find((c) => c.campusId === campusId);
    if (!view) throw new Error("the campus just updated is missing");
    return view;
  });
}
