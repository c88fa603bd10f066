// The demo's business calendar: the institution default is set open around the clock, so whoever tries
// the sandbox sees the service desk's cards and todos arrive at once, at any hour (a real school starts
// on the shipped hours — weekday afternoons and evenings, weekends with a lunch break — and its reminders
// wait for opening). 营业时间 in the mini-app shows it and changes it.
import type { Ctx } from "../core/context";
import { putWeeklyHours } from "../domain/calendar/putWeeklyHours";

const ALL_DAY: [number, number][] = [[0, 1440]];

export function seedDemoCalendar(ctx: Ctx): void {
  putWeeklyHours({ ctx, input: { campusId: null, weekly: Array.from({ length: 7 }, () => ALL_DAY) } });
}
