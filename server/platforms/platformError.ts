// The one error every platform call throws, classified so the outbox knows what to do with it
// without reading platform codes: retry later, wait for a rate limit, or give up.
import type { PlatformName } from "../../shared/platformNames";

/**
 * - `transient`: network error, timeout, 5xx, "system busy": retry with backoff.
 * - `rate_limited`: the platform throttled us: retry after `retryAfterMs` (or backoff).
 * - `permanent`: the request itself is wrong (bad user, bad card, no permission): never retry.
 * - `token`: the access token was refused; clients refresh and retry once themselves, so callers
 *   only see this if the fresh token is refused too (then it is treated as transient).
 */
export type PlatformErrorKind = "transient" | "rate_limited" | "permanent" | "token";

/** A platform's counting window: WeCom blocks a caller for the whole window it overran (60 s, 60 min, the rest of the day). */
export type RateWindow = "minute" | "hour" | "day";

/** What some answers add to their kind; the platform's mapper (wecomErrors.ts, dingtalkErrors.ts) fills it in. */
export type PlatformErrorDetail = {
  /**
   * For `rate_limited`: the window the platform blocks us for. "derive": it blocks per window but did
   * not say which one, so the caller judges from its own counts (rateLimits.ts).
   */
  window?: RateWindow | "derive";
  /** For `transient`: the platform advises at most this many retries (WeCom and DingTalk `-1`: 3). */
  maxRetries?: number;
  /**
   * For `rate_limited`: the organisation's monthly API quota is spent (DingTalk 90020 /
   * Forbidden.AccessDenied.ApiCountLimitForOrg): no billable call succeeds until the month turns.
   */
  monthlyQuota?: boolean;
};

export class PlatformError extends Error {
  constructor(
    readonly platform: PlatformName,
    readonly kind: PlatformErrorKind,
    /** The platform's own code (`errcode` or `code`), "http_503", "network", "timeout"… */
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
    readonly detail: PlatformErrorDetail = {},
  ) {
    super(`${platform} ${code}: ${message}`);
    this.name = "PlatformError";
  }

  get retryable(): boolean {
    return this.kind !== "permanent";
  }
}
