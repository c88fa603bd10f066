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

/** The business calendar date (YYYY-MM-DD) of an instant in the institution's time zone. */
export function businessDate(ms: number, tz: string): string {
  return dayjs(ms).tz(tz).format("YYYY-MM-DD");
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
