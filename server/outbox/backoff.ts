// How long a failed outbox row waits before its next attempt: exponential with full jitter (AWS
// "Exponential Backoff and Jitter"), so rows that failed together during an outage do not all come
// back in the same instant. With the defaults, 20 attempts span about half an hour on average (ceilings
// 2 s, 4 s, … then 5 min each). Full jitter can draw several short waits in a row, so attempts alone
// do not bound the time: a row is also never given up before it is `minAgeMs` old. Together they ride
// out a platform outage of 10 minutes (or 30) without losing a message.

export type BackoffPolicy = {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
  /** No retry comes sooner than this (full jitter can draw ~0; a busy loop helps nobody). */
  minMs: number;
  /** Failures after which a row is given up (dead). Rate limits do not count. */
  maxAttempts: number;
  /** …but never before the row is this old (since it was queued). */
  minAgeMs: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000, minMs: 1_000, maxAttempts: 20, minAgeMs: 30 * 60_000 };

/**
 * The delay before retry number `failures` (1 after the first failure): a uniform draw from
 * [0, min(cap, base · 2^(failures-1))), at least `minMs`. `random` is injectable for tests.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.max(policy.minMs, Math.floor(random() * ceiling));
}
