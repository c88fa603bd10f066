// A platform credential (access token, JS-API ticket) cached until shortly before it expires and
// shared by concurrent callers: however many calls need it at once, one request fetches it.
import type { Clock } from "../core/clock";

export type FetchedToken = { value: string; expiresInSec: number };

/** Refresh this long before the platform's stated expiry (tokens can also die early: see `invalidate`). */
export const EARLY_REFRESH_MS = 5 * 60 * 1000;

export class CachedToken {
  private current: { value: string; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly clock: Clock,
    private readonly earlyMs: number = EARLY_REFRESH_MS,
  ) {}

  /** The cached value, or the single in-flight fetch that every concurrent caller waits on. */
  get(): Promise<string> {
    const now = this.clock.now();
    if (this.current && now < this.current.expiresAt) return Promise.resolve(this.current.value);
    if (this.inFlight) return this.inFlight;
    const started = now;
    this.inFlight = this.fetchToken()
      .then(({ value, expiresInSec }) => {
        const lifetimeMs = Math.max(0, expiresInSec * 1000 - this.earlyMs);
        this.current = { value, expiresAt: started + lifetimeMs };
        return value;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /**
   * Forgets `value` after the platform refused it. Only that value: when 50 calls fail with the same
   * stale token, the first invalidates it and the rest join the one refresh instead of starting more.
   */
  invalidate(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }
}
