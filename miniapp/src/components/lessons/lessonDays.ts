// Calendar days for the timetable screens: business dates ("YYYY-MM-DD", from the server or from
// `today()` in the institution's time zone) turned into labels, weeks and months. Pure date-string
// arithmetic: no time zone is involved once a date is known.
import { addDays } from "@/format/format";
import type { LessonJson } from "@/api/endpoints";

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

function parse(date: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** "周二" for "2026-11-24". */
export const weekdayOfDate = (date: string): string => WEEKDAYS[parse(date).getUTCDay()] ?? "";

/** "11月24日". */
export function monthDay(date: string): string {
  const d = parse(date);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** "今天", "明天", "昨天", or "" for other days. */
export function relativeDay(date: string, today: string): string {
  if (date === today) return "今天";
  if (date === addDays(today, 1)) return "明天";
  if (date === addDays(today, -1)) return "昨天";
  return "";
}

/** Monday to Sunday of the week `offset` weeks from the one holding `today`. */
export function weekOf(today: string, offset = 0): { from: string; to: string } {
  const sinceMonday = (parse(today).getUTCDay() + 6) % 7;
  const from = addDays(today, offset * 7 - sinceMonday);
  return { from, to: addDays(from, 6) };
}

/** The first day of the month `offset` months from the one holding `date`. */
export function monthStart(date: string, offset = 0): string {
  const d = parse(date);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/** The last day of the month `offset` months from the one holding `date`. */
export const monthEnd = (date: string, offset = 0): string => addDays(monthStart(date, offset + 1), -1);

/** "2026年11月". */
export function monthLabel(date: string): string {
  const d = parse(date);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`;
}

export type LessonDay = { date: string; lessons: LessonJson[] };

/** Lessons (already in time order) grouped by their business date. */
export function groupByDay(lessons: readonly LessonJson[]): LessonDay[] {
  const days: LessonDay[] = [];
  for (const lesson of lessons) {
    const last = days[days.length - 1];
    if (last && last.date === lesson.date) last.lessons.push(lesson);
    else days.push({ date: lesson.date, lessons: [lesson] });
  }
  return days;
}
