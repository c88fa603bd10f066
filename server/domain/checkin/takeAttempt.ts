// Fixed-window attempt counters (rate_limits): a window starts at the first attempt and lasts
// `windowMs`; once `limit` attempts are in it, further attempts are refused until it ends, and the
// refusal says when. Counted attempts are committed on their own, so a failing attempt still counts.
import { eq, inArray } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";

export type RateRule = { key: string; limit: number; windowMs: number };

/**
 * Counts one attempt against every rule, or none when any rule is exhausted: then it returns the
 * instant the last exhausted window ends (when the caller may try again).
 */
export function takeAttempt(ctx: Ctx, rules: RateRule[]): { ok: true } | { ok: false; retryAt: number } {
  if (rules.length === 0) return { ok: true };
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const rows = tx.db.select().from(rateLimits).where(inArray(rateLimits.key, rules.map((r) => r.key))).all();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    let retryAt = 0;
    for (const rule of rules) {
      const row = byKey.get(rule.key);
      if (row && now < row.windowStart + rule.windowMs && row.count >= rule.limit) {
        retryAt = Math.max(retryAt, row.windowStart + rule.windowMs);
      }
    }
    if (retryAt > 0) return { ok: false, retryAt };
    for (const rule of rules) {
      const row = byKey.get(rule.key);
      if (!row) tx.db.insert(rateLimits).values({ key: rule.key, windowStart: now, count: 1 }).run();
      else if (now >= row.windowStart + rule.windowMs) tx.db.update(rateLimits).set({ windowStart: now, count: 1 }).where(eq(rateLimits.key, rule.key)).run();
      else tx.db.update(rateLimits).set({ count: row.count + 1 }).where(eq(rateLimits.key, rule.key)).run();
    }
    return { ok: true };
  });
}
