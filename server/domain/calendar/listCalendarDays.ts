// The dated exceptions over a date range as a campus's page shows them: the campus's own, the
// institution-wide ones, and the institution's holidays (节假日, /api/v1/holidays), each marked with
// where it comes from and whether a more specific one overrides it on its date.
import { and, asc, eq, gte, isNull, lte, or } from "drizzle-orm";
import type { z } from "zod";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { calendarDays, holidays } from "../../db/schema";
import type { DayRanges } from "./businessTime";
import { dayRangesSchema, listCalendarDaysSchema } from "./calendarSchemas";
import { getCampus } from "../campuses/getCampus";

export type CalendarDayView = {
  /** null for a holiday (it is keyed by its date, under /api/v1/holidays). */
  id: number | null;
  campusId: number | null;
  date: string;
  open: boolean;
  ranges: DayRanges;
  name: string;
  source: "campus" | "institution" | "holiday";
  /** False when a more specific exception of the same date decides the day (campus > institution > holiday). */
  applies: boolean;
};

const RANK = { campus: 0, institution: 1, holiday: 2 } as const;

export function listCalendarDays({ ctx, input }: { ctx: Ctx; input: z.input<typeof listCalendarDaysSchema> }): CalendarDayView[] {
  const { campusId, from, to } = parseInput(listCalendarDaysSchema, input);
  if (campusId !== undefined) getCampus({ ctx, input: { id: campusId } });
  const scope = campusId === undefined ? isNull(calendarDays.campusId) : or(isNull(calendarDays.campusId), eq(calendarDays.campusId, campusId));
  const out: CalendarDayView[] = ctx.db
    .select()
    .from(calendarDays)
    .where(and(scope, gte(calendarDays.date, from), lte(calendarDays.date, to)))
    .all()
    .map((d) => ({
      id: d.id,
      campusId: d.campusId,
      date: d.date,
      open: d.open,
      ranges: d.open && d.ranges ? dayRangesSchema.parse(JSON.parse(d.ranges)) : [],
      name: d.name,
      source: d.campusId === null ? "institution" : "campus",
      applies: true,
    }));
  for (const h of ctx.db.select().from(holidays).where(and(gte(holidays.date, from), lte(holidays.date, to))).orderBy(asc(holidays.date)).all()) {
    out.push({ id: null, campusId: null, date: h.date, open: false, ranges: [], name: h.name, source: "holiday", applies: true });
  }
  out.sort((a, b) => a.date.localeCompare(b.date) || RANK[a.source] - RANK[b.source]);
  // The first of each date (the most specific) decides it, as campusCalendar reads them.
  out.forEach((d, i) => {
    const prev = out[i - 1];
    if (prev && prev.date === d.date) d.applies = false;
  });
  return out;
}
