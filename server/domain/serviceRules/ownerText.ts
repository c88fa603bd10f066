// Small shared pieces of the rules' candidates: day text, a due date some days from today.
import { businessDate, dayjs, endOfBusinessDay } from "../../core/clock";
import type { Ctx } from "../../core/context";

/** "3月9日" of an instant in the time zone (the cached formatter: a scan writes thousands). */
export const dayText = (ms: number, tz: string) => dateText(businessDate(ms, tz));

/** "3月9日" of a business date (YYYY-MM-DD). */
export const dateText = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** The end of the business day `days` after today: the task's due time. */
export function dueInDays(ctx: Ctx, days: number): number {
  return endOfBusinessDay(dayjs(businessDate(ctx.clock.now(), ctx.tz)).add(days, "day").format("YYYY-MM-DD"), ctx.tz);
}

/** The business date `days` from `date` (negative: before). */
export const addDays = (date: string, days: number) => dayjs(date).add(days, "day").format("YYYY-MM-DD");
