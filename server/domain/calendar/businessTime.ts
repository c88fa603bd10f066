// Business-minute arithmetic over a calendar: when is a campus open, what is the next open minute, and
// what instant lies N business minutes after another (SLA due times, reminders). Pure: a calendar is
// data (a time zone, seven weekly lists of opening ranges, dated exceptions), so every answer is a
// function of the calendar, the instants and the pauses, and is tested with no clock at all.
import { dayjs } from "../../core/clock";
import { addDays, isoWeekday } from "../scheduling/lessonSpan";

/** Opening ranges of one day: [startMinute, endMinute) pairs in local minutes (0–1440), sorted, not overlapping. */
export type DayRanges = ReadonlyArray<readonly [number, number]>;

export type BusinessCalendar = {
  tz: string;
  /** Monday first: weekly[0] is Monday, weekly[6] Sunday. */
  weekly: readonly DayRanges[];
  /** Dated exceptions (YYYY-MM-DD): the day's ranges instead of the weekly ones; [] closes the day. */
  days: ReadonlyMap<string, DayRanges>;
};

/** A period the clock does not run in (a ticket waiting on the family); `until` null: still paused. */
export type Pause = { from: number; until: number | null };

const MINUTE = 60_000;
/** How far the arithmetic looks for open time before deciding the calendar is never open. */
const HORIZON_DAYS = 400;

/** The day's opening ranges: its exception if it has one, else its weekday's. */
export function rangesOn(cal: BusinessCalendar, date: string): DayRanges {
  return cal.days.get(date) ?? cal.weekly[isoWeekday(date) - 1] ?? [];
}

const localCache = new Map<string, number>();
/** The instant of a local minute of a date in a time zone (1440: the next day's midnight). */
export function localInstant(date: string, minute: number, tz: string): number {
  const key = `${tz}|${date}|${minute}`;
  let ms = localCache.get(key);
  if (ms === undefined) {
    if (localCache.size > 50_000) localCache.clear();
    const day = minute >= 1440 ? addDays(date, 1) : date;
    const m = minute >= 1440 ? minute - 1440 : minute;
    const hh = String(Math.floor(m / 60)).padStart(2, "0");
    const mm = String(m % 60).padStart(2, "0");
    ms = dayjs.tz(`${day} ${hh}:${mm}`, tz).valueOf();
    localCache.set(key, ms);
  }
  return ms;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(ms: number, tz: string): string {
  let f = dateFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(tz, f);
  }
  return f.format(ms);
}

/** The open intervals [start, end) of the calendar from `from` on, in order, for at most HORIZON_DAYS days. */
export function* openIntervals(cal: BusinessCalendar, from: number): Generator<readonly [number, number]> {
  // Start a day early: a range of yesterday's date may still be open at `from` in another zone's terms.
  let date = localDate(from - 86_400_000, cal.tz);
  for (let i = 0; i < HORIZON_DAYS; i++, date = addDays(date, 1)) {
    for (const [s, e] of rangesOn(cal, date)) {
      const start = localInstant(date, s, cal.tz);
      const end = localInstant(date, e, cal.tz);
      // A range inside the hour a DST change skips reads as ending before it starts: it never opens.
      if (end <= start || end <= from) continue;
      yield [Math.max(start, from), end];
    }
  }
}

/** Open intervals with the pauses cut out of them. */
function* runningIntervals(cal: BusinessCalendar, from: number, pauses: readonly Pause[]): Generator<readonly [number, number]> {
  const sorted = [...pauses].sort((a, b) => a.from - b.from);
  for (const [s, e] of openIntervals(cal, from)) {
    let cursor = s;
    for (const p of sorted) {
      const until = p.until ?? Number.POSITIVE_INFINITY;
      if (until <= cursor || p.from >= e) continue;
      if (p.from > cursor) yield [cursor, p.from];
      cursor = Math.max(cursor, until);
      if (cursor >= e) break;
    }
    if (cursor < e) yield [cursor, e];
    // A pause that never ends stops the clock for good.
    if (sorted.some((p) => p.until === null && p.from <= e)) return;
  }
}

/** Whether the calendar is open at the instant. */
export function isOpenAt(cal: BusinessCalendar, at: number): boolean {
  for (const [s] of openIntervals(cal, at)) return s === at;
  return false;
}

/** The instant itself when open, else the next open minute; null when the calendar never opens. */
export function nextOpenAt(cal: BusinessCalendar, at: number): number | null {
  for (const [s] of openIntervals(cal, at)) return s;
  return null;
}

/**
 * The instant `minutes` business minutes after `start`: open time only, the pauses excluded. Null when
 * the calendar does not hold that much open time (never open, or paused for good).
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: number, minutes: number, pauses: readonly Pause[] = []): number | null {
  let left = minutes * MINUTE;
  if (left <= 0) return start;
  for (const [s, e] of runningIntervals(cal, start, pauses)) {
    if (e - s >= left) return s + left;
    left -= e - s;
  }
  return null;
}

/** Business minutes (whole, rounded down) from `from` to `to`, the pauses excluded. */
export function businessMinutesBetween(cal: BusinessCalendar, from: number, to: number, pauses: readonly Pause[] = []): number {
  if (to <= from) return 0;
  let ms = 0;
  for (const [s, e] of runningIntervals(cal, from, pauses)) {
    if (s >= to) break;
    ms += Math.min(e, to) - s;
  }
  return Math.floor(ms / MINUTE);
}
