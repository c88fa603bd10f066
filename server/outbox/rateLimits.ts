// The platforms' rate limits, enforced on our side BEFORE a call so that we never reach them: WeCom
// silently drops app messages beyond 30 per member per minute (no error comes back), and DingTalk
// counts throttled calls against nothing but answers them with errors we would have to wait out.
//
// - WeCom (docs/platforms/wecom.md §7): the same member from one app ≤ 30 messages per minute and
//   ≤ 1000 per hour; per API per corp ≤ 10,000 per minute and 150,000 per hour.
// - DingTalk (docs/platforms/dingtalk.md §0, §5): ≤ 20 calls per second per API per app.
//
// Sliding windows on the injected clock. A call holds a slot while it is in flight and, once it
// returns, is counted at the time it returned (the latest moment the platform can have received it),
// so the gap the platform sees between two counted calls is never shorter than ours.
//
// The state is in memory, per dispatcher. That is enough because one process sends everything: the
// server runs as a single process over one SQLite file, and only its dispatcher delivers outbox rows.
// A restart would start with empty windows, so the dispatcher first replays the last hour's WeCom
// sends from the outbox (`record`): the per-member budget, the one whose excess is lost without an
// error, survives restarts. A second process delivering rows would need a shared limiter: the
// counters in the database (recent calls per key, checked and written in the claim transaction) or
// a single elected dispatcher (a lease row that the others wait on).
import type { Clock } from "../core/clock";
import type { RateWindow } from "../platforms/platformError";
import type { PlatformName } from "../../shared/platformNames";

/** At most `limit` calls in any `windowMs`. */
export type RateRule = { limit: number; windowMs: number };

/**
 * What a call spends: the platform API it calls (our name for it, e.g. "message/send") and, for
 * WeCom app messages, the member it goes to (the per-member budget).
 */
export type RateCall = { platform: PlatformName; api: string; member?: string };

export type RateRules = {
  /** WeCom app messages to one member (message/send). */
  wecomMember: RateRule[];
  /** Any WeCom API, per corp. */
  wecomApi: RateRule[];
  /** Any DingTalk API, per app. */
  dingtalkApi: RateRule[];
};

/** Clock differences between us and WeCom: a member's window is counted a little longer than theirs. */
const WECOM_MEMBER_SLACK_MS = 1_000;

export const DEFAULT_RATE_RULES: RateRules = {
  wecomMember: [
    { limit: 30, windowMs: 60_000 + WECOM_MEMBER_SLACK_MS },
    { limit: 1000, windowMs: 3_600_000 + WECOM_MEMBER_SLACK_MS },
  ],
  wecomApi: [
    { limit: 10_000, windowMs: 60_000 },
    { limit: 150_000, windowMs: 3_600_000 },
  ],
  dingtalkApi: [{ limit: 20, windowMs: 1_000 }],
};

/** A granted slot; `release` once the call returned (success or failure: the platform may have counted it). */
export type RatePermit = { release(): void };
export type RateDecision = { ok: true; permit: RatePermit } | { ok: false; retryAt: number };

/** Calls of one key under one rule: returned calls by the time they returned, oldest first, plus those in flight. */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;
  inFlight = 0;

  constructor(readonly rule: RateRule) {}

  /** When the next call may start (`now` if it may start now). */
  freeAt(now: number): number {
    this.prune(now);
    const used = this.inFlight + this.times.length - this.head;
    if (used < this.rule.limit) return now;
    // The (used - limit + 1)-th oldest returned call must leave the window; calls in flight leave it
    // no sooner than a full window from now.
    const leaving = this.head + (used - this.rule.limit);
    const at = this.times[leaving];
    return at === undefined ? now + this.rule.windowMs : at + this.rule.windowMs;
  }

  returned(at: number): void {
    this.inFlight -= 1;
    // The clock may step back a little (NTP): keep the list sorted.
    const last = this.times[this.times.length - 1];
    this.times.push(last !== undefined && last > at ? last : at);
  }

  /** A call made before this window existed (replayed history), kept in order. */
  recorded(at: number): void {
    let i = this.times.length;
    while (i > this.head && (this.times[i - 1] ?? -Infinity) > at) i -= 1;
    this.times.splice(i, 0, at);
  }

  /** How full the window is, 0 (empty) to 1 (at the limit). */
  usage(now: number): number {
    this.prune(now);
    return (this.inFlight + this.times.length - this.head) / this.rule.limit;
  }

  isIdle(now: number): boolean {
    this.prune(now);
    return this.inFlight === 0 && this.head === this.times.length;
  }

  private prune(now: number): void {
    const horizon = now - this.rule.windowMs;
    while (this.head < this.times.length && (this.times[this.head] ?? Infinity) <= horizon) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/** Per-process limiter over the platform rules; `acquire` checks and takes every budget a call spends at once. */
export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  /** API keys the platform told us to leave alone until then (a rate-limit answer). */
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly rules: RateRules = DEFAULT_RATE_RULES,
  ) {}

  /** Takes a slot in every window the call counts in, or says when the fullest one frees. */
  acquire(call: RateCall): RateDecision {
    const now = this.clock.now();
    const windows = this.windowsOf(call);
    let retryAt = this.pausedUntil.get(apiKey(call)) ?? now;
    for (const w of windows) retryAt = Math.max(retryAt, w.freeAt(now));
    if (retryAt > now) return { ok: false, retryAt };
    for (const w of windows) w.inFlight += 1;
    let released = false;
    return {
      ok: true,
      permit: {
        release: () => {
          if (released) return;
          released = true;
          const at = this.clock.now();
          for (const w of windows) w.returned(at);
        },
      },
    };
  }

  /** Counts a call that returned at `at` before this limiter existed (the last hour, replayed at start). */
  record(call: RateCall, at: number): void {
    for (const w of this.windowsOf(call)) w.recorded(at);
  }

  /** The platform answered "rate limited": no call to that API until `until`. */
  pause(call: RateCall, until: number): void {
    const key = apiKey(call);
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }

  /**
   * The window a platform block most likely came from when it did not say: the one of this call's
   * windows nearest its limit (the minute on a tie: a wrong guess costs one call a minute later, not an
   * hour of silence). Our own windows stop us short of WeCom's, so a 45009 means calls we do not see
   * (another system on the same app); the fullest window is our best evidence of which one they filled.
   */
  fullestWindow(call: RateCall): RateWindow {
    const now = this.clock.now();
    let best: { usage: number; windowMs: number } | undefined;
    for (const w of this.windowsOf(call)) {
      const usage = w.usage(now);
      if (!best || usage > best.usage || (usage === best.usage && w.rule.windowMs < best.windowMs)) best = { usage, windowMs: w.rule.windowMs };
    }
    return best !== undefined && best.windowMs >= HOUR_MS ? "hour" : "minute";
  }

  /** Forgets windows and pauses that can no longer refuse anything (members come and go). */
  sweep(): void {
    const now = this.clock.now();
    for (const [key, w] of this.windows) if (w.isIdle(now)) this.windows.delete(key);
    for (const [key, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(key);
  }

  private windowsOf(call: RateCall): SlidingWindow[] {
    const keyed: [string, RateRule[]][] =
      call.platform === "wecom"
        ? [
            [apiKey(call), this.rules.wecomApi],
            ...(call.member === undefined ? [] : [[`wecom:member:${call.member}`, this.rules.wecomMember] as [string, RateRule[]]]),
          ]
        : [[apiKey(call), this.rules.dingtalkApi]];
    const out: SlidingWindow[] = [];
    for (const [key, rules] of keyed) {
      rules.forEach((rule, i) => {
        const id = `${key}#${i}`;
        let w = this.windows.get(id);
        if (!w) {
          w = new SlidingWindow(rule);
          this.windows.set(id, w);
        }
        out.push(w);
      });
    }
    return out;
  }
}

const apiKey = (call: RateCall) => `${call.platform}:api:${call.api}`;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** China Standard Time, where WeCom's days start (no daylight saving). */
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/**
 * When a WeCom block for `window` that began at `now` ends: a minute-level block lasts 60 s, an
 * hour-level one 60 minutes, a day-level one to the end of the natural day (Beijing time)
 * (developer.work.weixin.qq.com path/90312 "访问频率限制").
 */
export function blockEnd(window: RateWindow, now: number): number {
  if (window === "minute") return now + MINUTE_MS;
  if (window === "hour") return now + HOUR_MS;
  const day = 24 * HOUR_MS;
  return Math.floor((now + CHINA_OFFSET_MS) / day) * day + day - CHINA_OFFSET_MS;
}
