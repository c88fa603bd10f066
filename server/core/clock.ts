// The clock is injected everywhere a time is read, so that jobs, windows and SLAs are testable.
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and move. */
export function fixedClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * Calendar fields of an instant in a time zone. dayjs's timezone plugin builds a new Intl formatter on
 * every call (a tenth of a millisecond each); hot paths (check-in, roll call) read the date through one
 * cached formatter per zone instead.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function zoned(ms: number, tz: string): { year: string; month: string; day: string; hour: string; minute: string } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(tz, f);
  }
  const out = { year: "", month: "", day: "", hour: "", minute: "" };
  for (const p of f.formatToParts(ms)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/** The business calendar date (YYYY-MM-DD) of an instant in the institution's time zone. */
export function businessDate(ms: number, tz: string): string {
  const z = zoned(ms, tz);
  return `${z.year}-${z.month}-${z.day}`;
}

/** "3月2日 09:05": how an instant reads to people, in the institution's time zone. */
export function monthDayTime(ms: number, tz: string): string {
  const z = zoned(ms, tz);
  return `${Number(z.month)}月${Number(z.day)}日 ${z.hour}:${z.minute}`;
}

/** "3月2日": the day of an instant as people read it, in the time zone. */
export function monthDay(ms: number, tz: string): string {
  const z = zoned(ms, tz);
  return `${Number(z.month)}月${Number(z.day)}日`;
}

/** "09:05" in the institution's time zone. */
export function clockTime(ms: number, tz: string): string {
  const z = zoned(ms, tz);
  return `${z.hour}:${z.minute}`;
}

/** The instant a business calendar day ends (the first ms of the next day) in the time zone. */
export function endOfBusinessDay(date: string, tz: string): number {
  return dayjs.tz(date, tz).add(1, "day").valueOf();
}

/** The instant a business calendar day starts in the time zone. */
export function startOfBusinessDay(date: string, tz: string): number {
  return dayjs.tz(date, tz).valueOf();
}

export { dayjs };
