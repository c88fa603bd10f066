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

export class PlatformError extends Error {
  constructor(
    readonly platform: PlatformName,
    readonly kind: PlatformErrorKind,
    /** The platform's own code (`errcode` or `code`), "http_503", "network", "timeout"… */
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${platform} ${code}: ${message}`);
    this.name = "PlatformError";
  }

  get retryable(): boolean {
    return this.kind !== "permanent";
  }
}
