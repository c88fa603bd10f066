// The opening hours a new installation starts with, until an admin sets its own: a training school is
// closed on weekday mornings, open weekday afternoons and evenings, and open all weekend with a lunch
// break. Local minutes of the day, Monday first.
import type { DayRanges } from "./businessTime";

const weekday: DayRanges = [[13 * 60 + 30, 21 * 60]];
const weekend: DayRanges = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 18 * 60],
];

export const SHIPPED_WEEKLY: readonly DayRanges[] = [weekday, weekday, weekday, weekday, weekday, weekend, weekend];
