// An in-memory fixed-window counter per key, for cheap per-request limits on hot paths (a page view, a
// login code exchange) where a database write per request would cost too much and losing the counts on
// a restart costs little. What must survive a restart (failed binding guesses) is counted in the
// database instead (server/domain/rateLimits/takeAttempt.ts).
//
// Written here rather than taken from rate-limiter-flexible: that package reads Date.now() and arms a
// timer per key, so windows could not follow the injected clock (tests, jobs), and this is all we need.
// The server is one process, so one map per app is the whole truth.
import type { Clock } from "./clock";

/** At most `limit` hits of one key in a window of `windowMs` that starts at the key's first hit. */
export type WindowRule = { limit: number; windowMs: number };

export type WindowHit = { ok: true } | { ok: false; retryAt: number };

export type WindowLimiter = {
  /** Counts one hit of `key` under `rule`, or refuses it (uncounted) when its window is full. */
  hit(key: string, rule: WindowRule): WindowHit;
  /** Forgets a key (an admin lifting a limit, a test). */
  reset(key: string): void;
  /** Keys held now (for tests and a memory check). */
  size(): number;
};

type Window = { end: number; count: number };

/**
 * A limiter over `clock`. It holds at most about `maxKeys` keys: past that, ended windows are dropped,
 * and if a flood of new keys (many addresses) still fills it, the oldest windows go first, which at
 * worst gives an old key a fresh window; memory stays bounded whatever arrives.
 */
export function createWindowLimiter({ clock, maxKeys = 50_000 }: { clock: Clock; maxKeys?: number }): WindowLimiter {
  const windows = new Map<string, Window>();

  const shrink = (now: number) => {
    for (const [key, w] of windows) if (w.end <= now) windows.delete(key);
    // Keep a tenth free, so that a full map is not swept again on every hit.
    const target = Math.floor(maxKeys * 0.9);
    for (const key of windows.keys()) {
      if (windows.size <= target) break;
      windows.delete(key);
    }
  };

  return {
    hit(key, rule) {
      const now = clock.now();
      const current = windows.get(key);
      if (current && now < current.end) {
        if (current.count >= rule.limit) return { ok: false, retryAt: current.end };
        current.count += 1;
        return { ok: true };
      }
      // A new window goes to the end of the map's order, so the oldest windows are met first.
      if (current) windows.delete(key);
      else if (windows.size >= maxKeys) shrink(now);
      windows.set(key, { end: now + rule.windowMs, count: 1 });
      return { ok: true };
    },
    reset(key) {
      windows.delete(key);
    },
    size: () => windows.size,
  };
}
