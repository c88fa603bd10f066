// The business calendar (营业时间): when a campus is open, for SLAs, reminders and deadlines. One weekly
// pattern per campus (or the institution's default for campuses without their own) with several
// opening ranges a day, and dated exceptions on top: a closed day, or an open one (调休) with its own
// ranges. The institution-wide holidays (holidays table) are closed days for every campus too.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { id, timestamps, version } from "./columns";

/**
 * A weekly pattern. `weekly` is JSON: seven lists (Monday first) of [startMinute, endMinute] pairs in
 * local minutes of the day (0–1440), e.g. [[840,1260]] for 14:00–21:00, read in the campus's time
 * zone (campuses.time_zone, else TZ_BUSINESS). `campusId` null: the default for every campus without a
 * row of its own.
 */
export const businessCalendars = sqliteTable(
  "business_calendars",
  {
    id: id(),
    campusId: integer("campus_id").references(() => campuses.id),
    weekly: text("weekly").notNull(),
    ...timestamps(),
    version: version(),
  },
  // One row per campus; the one default row (campus null) is kept single by its writer.
  (t) => [uniqueIndex("business_calendars_campus_uq").on(t.campusId).where(sql`${t.campusId} is not null`)],
);

/**
 * A dated exception (YYYY-MM-DD in the calendar's time zone): `open` 0 closes the day; `open` 1 opens it
 * with `ranges` (JSON [[start,end],…]), e.g. a 调休 Sunday. `campusId` null: every campus.
 */
export const calendarDays = sqliteTable(
  "calendar_days",
  {
    id: id(),
    campusId: integer("campus_id").references(() => campuses.id),
    date: text("date").notNull(),
    open: integer("open", { mode: "boolean" }).notNull(),
    ranges: text("ranges"),
    name: text("name").notNull().default(""),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("calendar_days_campus_date_uq").on(t.campusId, t.date).where(sql`${t.campusId} is not null`),
    uniqueIndex("calendar_days_all_date_uq").on(t.date).where(sql`${t.campusId} is null`),
  ],
);

export type BusinessCalendarRow = typeof businessCalendars.$inferSelect;
export type CalendarDayRow = typeof calendarDays.$inferSelect;
