// Nightly: forget rate-limit counters that can no longer refuse anyone.
import { pruneRateLimits } from "../domain/rateLimits/pruneRateLimits";
import type { Job } from "./job";

export const pruneRateLimitsJob: Job = {
  name: "prune-rate-limits",
  schedule: "20 3 * * *",
  run: (ctx) => pruneRateLimits({ ctx }),
};
