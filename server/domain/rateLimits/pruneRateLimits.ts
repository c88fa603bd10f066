// Rate-limit windows are at most a day long (checkin/bindLimits.ts, access/loginAttempts.ts); a counter
// whose window began more than a day ago can no longer refuse anyone, so it is deleted (the table would
// otherwise keep one row per phone and address that ever failed to bind or tried to log in).
import { lt } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import type { Ctx } from "../../core/context";

const DAY = 24 * 3600 * 1000;

export function pruneRateLimits({ ctx }: { ctx: Ctx }): { deleted: number } {
  const result = ctx.db.delete(rateLimits).where(lt(rateLimits.windowStart, ctx.clock.now() - DAY)).run();
  return { deleted: result.changes };
}
