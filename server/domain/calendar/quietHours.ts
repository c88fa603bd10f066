// Quiet hours: a reminder or escalation card about a campus never goes out while the campus is closed;
// it waits for the next open minute. What a policy marks urgent goes at once.
import type { Ctx } from "../../core/context";
import { businessDate } from "../../core/clock";
import { nextOpenAt } from "./businessTime";
import { campusCalendar } from "./campusCalendar";

/** When a card about the campus may go out: now when open (or urgent), else the next open minute. */
export function sendableAt(ctx: Ctx, campusId: number | null, options: { urgent?: boolean } = {}): number {
  const now = ctx.clock.now();
  if (options.urgent) return now;
  return nextOpenAt(campusCalendar(ctx, campusId, businessDate(now - 2 * 86_400_000, ctx.tz)), now) ?? now;
}
