// Schedules every job with node-cron in the business time zone. A failed run is logged and retried at
// the next tick; runs never overlap.
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import { systemActor } from "../core/context";
import type { Logger } from "../core/logger";
import { approvalDeadlinesJob } from "./approvalDeadlinesJob";
import { expireLotsJob } from "./expireLotsJob";
import { markAbsencesJob } from "./markAbsencesJob";
import { pruneRateLimitsJob } from "./pruneRateLimitsJob";
import type { Job } from "./job";

export const JOBS: Job[] = [expireLotsJob, markAbsencesJob, pruneRateLimitsJob, approvalDeadlinesJob];

/** Runs one job now (also what the schedule calls), logging one summary line. */
export function runJob(job: Job, deps: { db: Db; clock: Clock; tz: string; logger: Logger }): void {
  const started = performance.now();
  try {
    const summary = job.run({ db: deps.db, clock: deps.clock, tz: deps.tz, actor: systemActor(job.name) });
    deps.logger.info({ job: job.name, ms: Math.round(performance.now() - started), ...summary }, "job done");
  } catch (err) {
    deps.logger.error({ job: job.name, err }, "job failed");
  }
}

export function startJobs(deps: { db: Db; clock: Clock; tz: string; logger: Logger }): { stop(): void } {
  const tasks: ScheduledTask[] = JOBS.map((job) =>
    cron.schedule(job.schedule, () => runJob(job, deps), { timezone: deps.tz, name: job.name, noOverlap: true }),
  );
  return { stop: () => tasks.forEach((t) => void t.stop()) };
}
