// Small shared pieces of the rules' candidates: day text, a due date some days from today.
import { businessDate, endOfBusinessDay } from "../../core/clock";
import { addDays } from "../scheduling/lessonSpan";
import type { Ctx } from "../../core/context";

/** "3月9日" of a business date (YYYY-MM-DD). */
export const dateText = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** The end of the business day `days` after today: the task's due time. */
export function dueInDays(ctx: Ctx, days: number): number {
  return endOfBusinessDay(addDays(businessDate(ctx.clock.now(), ctx.tz), days), ctx.tz);
}

