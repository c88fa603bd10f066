// Display formats: amounts in yuan and 课时 from the server's integers (shared/money.ts, the integer-only
// formatter the server uses too), instants in the institution's time zone (given by the server at start).
export { formatBalance, formatHours, formatMoney, hoursText, yuan } from "@shared/money";

let timeZone = "Asia/Shanghai";
/** Set once from the server's client config. */
export function useTimeZone(tz: string): void {
  timeZone = tz;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(ms: number): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("zh-CN", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", weekday: "short", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** "2026-11-22" in the institution's time zone. */
export function dateOf(ms: number): string {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}
/** "11-22 14:05". */
export function shortDateTime(ms: number): string {
  const p = parts(ms);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
/** "14:05". */
export function timeOf(ms: number): string {
  const p = parts(ms);
  return `${p.hour}:${p.minute}`;
}
/** "2026-11-22 14:05". */
export function fullDateTime(ms: number): string {
  return `${dateOf(ms)} ${timeOf(ms)}`;
}
/** "周日" for a ms instant. */
export function weekdayOf(ms: number): string {
  return parts(ms).weekday ?? "";
}
/** Today's "YYYY-MM-DD" in the institution's time zone. */
export const today = () => dateOf(Date.now());

/** "YYYY-MM-DD" plus n days (calendar arithmetic on the date string, no time zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** 13800001234 → 138****1234 style is the server's job; this only groups a full mobile for reading. */
export const mobileText = (mobile: string) => mobile.replace(/^(\d{3})(\d{4})(\d{4})$/, "$1 $2 $3");
