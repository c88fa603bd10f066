// The business calendars as the settings page shows them: the institution's default week and each
// campus's week (its own, or the default it inherits), with the time zone each is read in.
import { asc } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { campuses } from "../../db/schema";
import type { DayRanges } from "./businessTime";
import { weeklyHours } from "./campusCalendar";

export type CalendarView = {
  campusId: number | null;
  campusName: string | null;
  /** The zone the hours are read in, and whether the campus set it (else TZ_BUSINESS). */
  timeZone: string;
  ownTimeZone: boolean;
  weekly: readonly DayRanges[];
  /** Whether the week is this row's own (false: inherited from the default, or the shipped hours). */
  own: boolean;
  /** The version to send back on a write of the own week (null: none yet). */
  version: number | null;
  /** The campus row's version, for a time zone change. */
  campusVersion: number | null;
};

/** The default calendar first, then every campus's. Anyone signed in may read them (they say when a campus is open). */
export function listCalendars({ ctx }: { ctx: Ctx }): CalendarView[] {
  const base = weeklyHours(ctx, null);
  const out: CalendarView[] = [{ campusId: null, campusName: null, timeZone: ctx.tz, ownTimeZone: false, ...base, campusVersion: null }];
  for (const c of ctx.db.select().from(campuses).orderBy(asc(campuses.id)).all()) {
    const week = weeklyHours(ctx, c.id);
    out.push({ campusId: c.id, campusName: c.name, timeZone: c.timeZone ?? ctx.tz, ownTimeZone: c.timeZone !== null, ...week, campusVersion: c.version });
  }
  return out;
}
