// Rate limits on the public phone pages (/c/, /l/, /bind), in memory so the check-in path stays one
// map lookup: every request per client address (koa.ip: the socket's address, or the forwarded one
// only when TRUST_PROXY says a proxy sets it), then, once its token proved genuine, per lesson (the
// classroom QR) or per leave link. Over a limit the page answers 429 with Retry-After. Failed binding
// tries are limited separately, in the database (bindLimits.ts).
//
// A school's Wi-Fi is one address: a class of 40 checking in spends about 5 requests each (the page,
// the check-in, the receipt, a reload; binding on the first day adds 2–3), 200–400 within minutes;
// several classes starting together stay well under 1,200 a minute. A lesson's QR is read by its own
// class only; a leave link by one family.
import type Koa from "koa";
import type { AppDeps } from "../appDeps";
import { rateLimited, retryAfterSeconds } from "../../core/errors";
import { createWindowLimiter, type WindowLimiter, type WindowRule } from "../../core/windowLimiter";
import { whenText } from "../../domain/checkin/timeText";

const MINUTE = 60_000;

export const PAGE_LIMITS = {
  address: { limit: 1200, windowMs: MINUTE },
  lesson: { limit: 1000, windowMs: MINUTE },
  leaveLink: { limit: 60, windowMs: 10 * MINUTE },
} as const satisfies Record<string, WindowRule>;

export type PublicPageLimits = {
  /** Counts a request from the caller's address; throws RATE_LIMITED over the limit. */
  address(koa: Koa.Context): void;
  /** Counts a request on a genuine classroom QR of this lesson. */
  lesson(lessonId: number): void;
  /** Counts a request on a genuine leave link. */
  leaveLink(token: string): void;
};

/** One limiter per app (the pages of one app share it; two apps, e.g. two tests, do not). */
const limiters = new WeakMap<AppDeps, WindowLimiter>();

export function publicPageLimits(deps: AppDeps): PublicPageLimits {
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = createWindowLimiter({ clock: deps.clock });
    limiters.set(deps, limiter);
  }
  const counter = limiter;
  const take = (key: string, rule: WindowRule) => {
    const hit = counter.hit(key, rule);
    if (hit.ok) return;
    const now = deps.clock.now();
    const seconds = retryAfterSeconds(hit.retryAt, now);
    // Shown as a wall-clock time only when the wait is long; rounded up, never earlier than allowed.
    const wait = seconds <= 90 ? `请 ${seconds} 秒后再试` : `请在 ${whenText(Math.ceil(hit.retryAt / MINUTE) * MINUTE, now, deps.config.tzBusiness)} 之后再试`;
    throw rateLimited(`访问太频繁，${wait}`, hit.retryAt, { reason: "rate_limited" });
  };
  return {
    address: (koa) => take(`ip:${koa.ip}`, PAGE_LIMITS.address),
    lesson: (lessonId) => take(`lesson:${lessonId}`, PAGE_LIMITS.lesson),
    leaveLink: (token) => take(`leave:${token}`, PAGE_LIMITS.leaveLink),
  };
}
