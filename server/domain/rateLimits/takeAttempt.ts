// Fixed-window attempt counters (rate_limits), kept in the database so that they survive a restart: a
// window starts at the first counted attempt and lasts `windowMs`; once `limit` attempts are in it,
// further attempts are refused until it ends, and the refusal says when. Two ways to count:
// - takeAttempt counts every attempt before it is tried (a login code exchange, anything where trying
//   itself is the cost);
// - exhaustedRules before trying and countFailure after a failed try count only the failures (binding
//   a phone: a class binding on its first day must not use up the budget that stops guessing).
// Each call commits on its own, so a failure is counted even though the failing work rolled back.
import { eq, inArray } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";

export type RateRule = { key: string; limit: number; windowMs: number };

export type Exhausted = { retryAt: number; keys: string[] };

type Row = typeof rateLimits.$inferSelect;

const rowsOf = (ctx: Ctx, rules: RateRule[]) =>
  new Map(ctx.db.select().from(rateLimits).where(inArray(rateLimits.key, rules.map((r) => r.key))).all().map((r) => [r.key, r]));

const isFull = (row: Row | undefined, rule: RateRule, now: number) =>
  row !== undefined && now < row.windowStart + rule.windowMs && row.count >= rule.limit;

function exhaustedIn(rows: Map<string, Row>, rules: RateRule[], now: number): Exhausted | undefined {
  const full = rules.filter((rule) => isFull(rows.get(rule.key), rule, now));
  if (full.length === 0) return undefined;
  // The caller may try again once every full window has ended.
  const retryAt = Math.max(...full.map((rule) => (rows.get(rule.key)?.windowStart ?? now) + rule.windowMs));
  return { retryAt, keys: full.map((rule) => rule.key) };
}

/** Adds one to each rule's window (a new window when none is running); returns the keys this made full. */
function bump(ctx: Ctx, rows: Map<string, Row>, rules: RateRule[], now: number): string[] {
  const filled: string[] = [];
  for (const rule of rules) {
    const row = rows.get(rule.key);
    let count = 1;
    if (!row) ctx.db.insert(rateLimits).values({ key: rule.key, windowStart: now, count }).run();
    else if (now >= row.windowStart + rule.windowMs) ctx.db.update(rateLimits).set({ windowStart: now, count }).where(eq(rateLimits.key, rule.key)).run();
    else {
      count = row.count + 1;
      ctx.db.update(rateLimits).set({ count }).where(eq(rateLimits.key, rule.key)).run();
    }
    if (count === rule.limit) filled.push(rule.key);
  }
  return filled;
}

/**
 * Counts one attempt against every rule, or none when any rule is exhausted: then it returns the
 * instant the last exhausted window ends (when the caller may try again).
 */
export function takeAttempt(ctx: Ctx, rules: RateRule[]): { ok: true } | { ok: false; retryAt: number } {
  if (rules.length === 0) return { ok: true };
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const rows = rowsOf(tx, rules);
    const exhausted = exhaustedIn(rows, rules, now);
    if (exhausted) return { ok: false, retryAt: exhausted.retryAt };
    bump(tx, rows, rules, now);
    return { ok: true };
  });
}

/** The rules whose window is full now, and when the last of them ends; undefined when none is. Writes nothing. */
export function exhaustedRules(ctx: Ctx, rules: RateRule[]): Exhausted | undefined {
  if (rules.length === 0) return undefined;
  return exhaustedIn(rowsOf(ctx, rules), rules, ctx.clock.now());
}

/** Counts one failure against every rule. Returns the keys whose window this failure filled (a lock-out begins). */
export function countFailure(ctx: Ctx, rules: RateRule[]): string[] {
  if (rules.length === 0) return [];
  return inTransaction(ctx, (tx) => bump(tx, rowsOf(tx, rules), rules, tx.clock.now()));
}
