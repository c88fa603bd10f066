// How check-in messages show instants to a student: wall-clock times in the institution's time zone.
import { dayjs } from "../../clock";

/** 09:05 */
export const clockText = (ms: number, tz: string) => dayjs(ms).tz(tz).format("HH:mm");

/** 09:05 when it is the same day as `now`, else 3月3日 09:05. */
export function whenText(ms: number, now: number, tz: string): string {
  const at = dayjs(ms).tz(tz);
  return at.isSame(dayjs(now).tz(tz), "day") ? at.format("HH:mm") : at.format("M月D日 HH:mm");
}

/** 3月2日 23:30–次日 01:00: a lesson's span, saying when it runs past midnight. */
export function spanText(startsAt: number, endsAt: number, tz: string): string {
  const start = dayjs(startsAt).tz(tz);
  const end = dayjs(endsAt).tz(tz);
  return `${start.format("M月D日 HH:mm")}–${start.isSame(end, "day") ? "" : "次日 "}${end.format("HH:mm")}`;
}
