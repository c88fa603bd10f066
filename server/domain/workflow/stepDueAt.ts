// When an approval step's time limit runs out: `hours` after it started, in clock hours, or in business
// hours of the request's campus calendar when the definition says `calendar: "campus"` (a 24-hour limit
// set on Friday evening then ends on a working day, not on Saturday evening).
import type { Ctx } from "../../core/context";
import { businessDate } from "../../core/clock";
import { addBusinessMinutes } from "../calendar/businessTime";
import { campusCalendar } from "../calendar/campusCalendar";
import type { TimeLimit } from "./flowDefinitionSchema";

const HOUR_MS = 3_600_000;

/** The instant `periods` time limits after `from` (1: the due time; 2: the second reminder's, …). */
export function stepDueAt(ctx: Ctx, campusId: number | null, from: number, limit: Pick<TimeLimit, "hours" | "calendar">, periods = 1): number {
  const clockDue = from + Math.round(limit.hours * periods * HOUR_MS);
  if (limit.calendar !== "campus") return clockDue;
  const calendar = campusCalendar(ctx, campusId, businessDate(from - 2 * 86_400_000, ctx.tz));
  // A calendar that never opens would leave the step without a deadline: fall back to clock hours.
  return addBusinessMinutes(calendar, from, Math.round(limit.hours * periods * 60)) ?? clockDue;
}
