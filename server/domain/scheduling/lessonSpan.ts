// Pure calendar arithmetic for lessons: a slot on a date → the [start, end) instants it occupies in the
// business time zone, the half-open overlap test, weekdays and date ranges. No db, no clock, so each
// rule is unit-tested on its own. Offsets always come from dayjs.tz, never from a fixed +08:00.
import { dayjs } from "../../core/clock";

/** A lesson's time: epoch ms, half-open [startsAt, endsAt). */
export type Span = { startsAt: number; endsAt: number };

const MINUTE = 60_000;

/** The span of a lesson starting at `startTime` (HH:mm, local) on `date` for `durationMinutes` real minutes. */
export function lessonSpan(date: string, startTime: string, durationMinutes: number, tz: string): Span {
  const startsAt = dayjs.tz(`${date} ${startTime}`, tz).valueOf();
  return { startsAt, endsAt: startsAt + durationMinutes * MINUTE };
}

/** Half-open overlap: back-to-back spans (one ends when the other starts) do not overlap. */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** Whole minutes a span lasts. */
export function durationMinutesOf(span: Span): number {
  return Math.round((span.endsAt - span.startsAt) / MINUTE);
}

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7 (a date's weekday has no time zone). */
export function isoWeekday(date: string): number {
  const day = dayjs.utc(date).day();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return dayjs.utc(date).add(days, "day").format("YYYY-MM-DD");
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, dayjs.utc(to).diff(dayjs.utc(from), "day") + 1);
}

/** Every calendar date from `from` to `to`, both included. */
export function datesInRange(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** The local wall-clock time (HH:mm) of an instant. */
export function localTime(ms: number, tz: string): string {
  return dayjs(ms).tz(tz).format("HH:mm");
}

/** A span for people: "3月2日 10:00–12:00", or "3月2日 23:00–次日01:00" when it ends on a later day. */
export function formatSpanZh(span: Span, tz: string): string {
  const start = dayjs(span.startsAt).tz(tz);
  const end = dayjs(span.endsAt).tz(tz);
  const sameDay = start.format("YYYY-MM-DD") === end.format("YYYY-MM-DD");
  return `${start.format("M月D日 HH:mm")}–${sameDay ? "" : "次日"}${end.format("HH:mm")}`;
}
