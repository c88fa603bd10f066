// A campus's business calendar, as one model for SLAs, reminders, deadlines and lessons: its own weekly
// hours (else the institution's default, else the shipped hours), in its time zone (else TZ_BUSINESS),
// with the dated exceptions on top — the campus's own first, then the institution-wide ones, then the
// institution's holidays (节假日, closed everywhere).
import { and, eq, gte, isNull, or } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { businessCalendars, calendarDays, campuses, holidays } from "../../db/schema";
import type { BusinessCalendar, DayRanges } from "./businessTime";
import { dayRangesSchema, weeklySchema } from "./calendarSchemas";
import { SHIPPED_WEEKLY } from "./defaultHours";

/** The campus's time zone (TZ_BUSINESS when it has none, or for no campus). */
export function campusTimeZone(ctx: Ctx, campusId: number | null): string {
  if (campusId === null) return ctx.tz;
  return ctx.db.select({ tz: campuses.timeZone }).from(campuses).where(eq(campuses.id, campusId)).get()?.tz ?? ctx.tz;
}

/** The weekly hours that apply to the campus, and whether they are its own. */
export function weeklyHours(ctx: Ctx, campusId: number | null): { weekly: readonly DayRanges[]; own: boolean; version: number | null } {
  const rows = ctx.db
    .select()
    .from(businessCalendars)
    .where(campusId === null ? isNull(businessCalendars.campusId) : or(eq(businessCalendars.campusId, campusId), isNull(businessCalendars.campusId)))
    .all();
  const own = rows.find((r) => r.campusId === campusId);
  const row = own ?? rows.find((r) => r.campusId === null);
  if (!row) return { weekly: SHIPPED_WEEKLY, own: false, version: null };
  return { weekly: weeklySchema.parse(JSON.parse(row.weekly)), own: own !== undefined, version: row.version };
}

/** The campus's calendar, with the exceptions dated from `fromDate` on (all of them when omitted). */
export function campusCalendar(ctx: Ctx, campusId: number | null, fromDate?: string): BusinessCalendar {
  const tz = campusTimeZone(ctx, campusId);
  const days = new Map<string, DayRanges>();
  const holidayRows = ctx.db
    .select({ date: holidays.date })
    .from(holidays)
    .where(fromDate ? gte(holidays.date, fromDate) : undefined)
    .all();
  for (const h of holidayRows) days.set(h.date, []);
  const scope = campusId === null ? isNull(calendarDays.campusId) : or(isNull(calendarDays.campusId), eq(calendarDays.campusId, campusId));
  const dayRows = ctx.db
    .select()
    .from(calendarDays)
    .where(fromDate ? and(scope, gte(calendarDays.date, fromDate)) : scope)
    .all()
    // Institution-wide first, so the campus's own exception of the same date wins.
    .sort((a, b) => (a.campusId === null ? 0 : 1) - (b.campusId === null ? 0 : 1));
  for (const d of dayRows) days.set(d.date, d.open && d.ranges ? dayRangesSchema.parse(JSON.parse(d.ranges)) : []);
  return { tz, weekly: weeklyHours(ctx, campusId).weekly, days };
}

/** Dates from `from` to `to` on which the campus is closed by an exception (holidays included): lessons are not generated on them. */
export function closedDatesBetween(ctx: Ctx, campusId: number | null, from: string, to: string): Set<string> {
  const closed = new Set<string>();
  for (const [date, ranges] of campusCalendar(ctx, campusId, from).days) if (date <= to && ranges.length === 0) closed.add(date);
  return closed;
}
