// A job is a declaration: a name, a cron schedule in the business time zone, and `run`, which only calls
// domain functions, is safe to repeat, and returns a summary for the one log line it writes.
import type { Ctx } from "../core/context";

export type Job = {
  name: string;
  /** Cron expression, evaluated in TZ_BUSINESS. */
  schedule: string;
  /** Also run once when the process starts (a migration of old data, safe to repeat). */
  atStart?: boolean;
  run(ctx: Ctx): Record<string, unknown>;
};
