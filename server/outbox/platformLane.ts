// One platform's lane in the dispatcher: its own call slots, its own queue and its own health, so a
// platform that hangs or is down (WeCom answering after 15 s, past the adapters' 10 s timeout) holds
// only its own rows; the other platform's cards go out as if nothing happened.
//
// Health is a small circuit breaker. After `downAfter` transient failures in a row the platform is
// taken as down: its rows are parked (queued again without a call or a counted attempt) and one row at
// a time goes out as a probe, the first after `probeBaseMs`, then doubling to `probeCapMs`. Probes are
// real deliveries, not a health endpoint: the token endpoints are served apart from the message APIs
// (they answer while sends fail, and a cached token makes no call at all). The first answer from the
// platform (a success, or any answer that is not a transient failure) brings the lane back up, and
// every row it parked or saw fail meanwhile becomes due at once (`waiting`), in id order.
import type { PlatformName } from "../../shared/platformNames";

export type LaneOptions = {
  /** Ordering keys delivered at the same time on this platform. */
  concurrency: number;
  /** Transient failures in a row after which the platform is taken as down. */
  downAfter: number;
  /** The first probe while down comes this long after the platform went down… */
  probeBaseMs: number;
  /** …and the wait doubles up to this. It bounds how late a recovery is noticed. */
  probeCapMs: number;
  /** Chains waiting for a slot beyond this are not taken (the claim leaves them for later). */
  maxQueued: number;
};

export const DEFAULT_LANE: Omit<LaneOptions, "concurrency" | "maxQueued"> = { downAfter: 3, probeBaseMs: 1_000, probeCapMs: 4_000 };

/** What the dispatcher learns from an outcome. */
export type LaneChange = "went_down" | "recovered" | undefined;

export class PlatformLane {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private failures = 0;
  private probesSinceDown = 0;
  private probesInFlight = 0;
  /** Down since this clock time (undefined: up). */
  downSince: number | undefined;
  /** While down: the clock time the next probe may start. */
  nextProbeAt = 0;
  /** Rows parked or failed since the platform last answered: due at once when it answers again. */
  readonly waiting = new Set<number>();
  /** The row of the last probe: probes take turns, so one row that fails for its own reasons cannot keep the lane down. */
  private lastProbeId = 0;

  constructor(
    readonly platform: PlatformName,
    readonly options: LaneOptions,
  ) {}

  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** Whether a chain may still be handed to this lane now (a slot free or room in the queue). */
  hasRoom(): boolean {
    return this.active < this.options.concurrency || this.queue.length < this.options.maxQueued;
  }

  /** Whether a chain handed over now starts at once. */
  hasFreeSlot(): boolean {
    return this.active < this.options.concurrency;
  }

  /** Runs `task` in a slot of this lane: at once when one is free, else when one frees (in turn). */
  run(task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const start = () => {
        this.active += 1;
        task()
          .catch(() => undefined)
          .finally(() => {
            this.active -= 1;
            this.queue.shift()?.();
            resolve();
          });
      };
      if (this.active < this.options.concurrency) start();
      else this.queue.push(start);
    });
  }

  /** While down: whether the next call may go out as a probe now. */
  mayProbe(now: number): boolean {
    return this.down && now >= this.nextProbeAt && this.probesInFlight < this.options.concurrency;
  }

  startProbe(rowId: number, now: number): void {
    this.lastProbeId = rowId;
    this.probesInFlight += 1;
    const delay = Math.min(this.options.probeCapMs, this.options.probeBaseMs * 2 ** Math.min(this.probesSinceDown, 20));
    this.probesSinceDown += 1;
    this.nextProbeAt = now + delay;
  }

  endProbe(): void {
    this.probesInFlight = Math.max(0, this.probesInFlight - 1);
  }

  /** The platform answered (a success, a refusal, a rate limit): it is up. */
  answered(): LaneChange {
    this.failures = 0;
    if (!this.down) {
      // Rows that failed while it was up keep their own short backoff.
      this.waiting.clear();
      return undefined;
    }
    this.downSince = undefined;
    this.probesSinceDown = 0;
    return "recovered";
  }

  /** A transient failure (network, timeout, 5xx, busy) of row `rowId`. */
  failed(rowId: number, now: number): LaneChange {
    this.waiting.add(rowId);
    this.failures += 1;
    if (this.down || this.failures < this.options.downAfter) return undefined;
    this.downSince = now;
    this.probesSinceDown = 0;
    this.nextProbeAt = now + this.options.probeBaseMs;
    return "went_down";
  }

  /** A row queued again without a call while the platform is down. */
  parked(rowId: number): void {
    this.waiting.add(rowId);
  }

  /** The waiting rows in the order they should probe: the ones after the last probe first, then from the start. */
  probeCandidates(): number[] {
    const ids = [...this.waiting].sort((a, b) => a - b);
    const next = ids.findIndex((id) => id > this.lastProbeId);
    return next <= 0 ? ids : [...ids.slice(next), ...ids.slice(0, next)];
  }

  /** The waiting rows to make due, forgotten here. */
  takeWaiting(): number[] {
    const ids = [...this.waiting].sort((a, b) => a - b);
    this.waiting.clear();
    return ids;
  }
}
