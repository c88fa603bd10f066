// How check-in messages show instants to a student: wall-clock times in the institution's time zone.
import { businessDate, clockTime, monthDayTime } from "../../core/clock";

/** 09:05 */
export const clockText = (ms: number, tz: string) => clockTime(ms, tz);

/** 09:05 when it is the same day as `now`, else 3月3日 09:05. */
export function whenText(ms: number, now: number, tz: string): string {
  return businessDate(ms, tz) === businessDate(now, tz) ? clockTime(ms, tz) : monthDayTime(ms, tz);
}

/** 3月2日 23:30–次日 01:00: a lesson's span, saying when it runs past midnight. */
export function spanText(startsAt: number, endsAt: number, tz: string): string {
  const sameDay = businessDate(startsAt, tz) === businessDate(endsAt, tz);
  return `${monthDayTime(startsAt, tz)}–${sameDay ? "" : "次日 "}${clockTime(endsAt, tz)}`;
}
