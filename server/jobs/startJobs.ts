// Schedules every job with node-cron in the business time zone. A failed run is logged and retried at
// the next tick; runs never overlap. Jobs marked `atStart` also run once when the jobs start. An admin
// can run any of them now (POST /api/v1/jobs/:name/run): both paths go through `runJob`.
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock";
import type { DbOrTx } from "../db/client";
import { systemActor } from "../core/context";
import type { Logger } from "../core/logger";
import { approvalDeadlinesJob } from "./approvalDeadlinesJob";
import { expireLotsJob } from "./expireLotsJob";
import { markAbsencesJob } from "./markAbsencesJob";
import { pruneJob } from "./pruneJob";
import { pruneRateLimitsJob } from "./pruneRateLimitsJob";
import { rollCallRemindersJob } from "./rollCallRemindersJob";
import { studentDayJob } from "./studentDayJob";
import { undoAutoAbsencesJob } from "./undoAutoAbsencesJob";
import type { Job } from "./job";

export const JOBS: Job[] = [expireLotsJob, markAbsencesJob, pruneRateLimitsJob, approvalDeadlinesJob, rollCallRemindersJob, undoAutoAbsencesJob, pruneJob, studentDayJob];

export type JobDeps = { db: DbOrTx; clock: Clock; tz: string; logger: Logger };

/** Runs one job now, logging one summary line (or the failure, which it throws on). Returns the summary. */
export function runJob(job: Job, deps: JobDeps): Record<string, unknown> {
  const started = performance.now();
  try {
    const summary = job.run({ db: deps.db, clock: deps.clock, tz: deps.tz, actor: systemActor(job.name) });
    deps.logger.info({ job: job.name, ms: Math.round(performance.now() - started), ...summary }, "job done");
    return summary;
  } catch (err) {
    deps.logger.error({ job: job.name, err }, "job failed");
    throw err;
  }
}

/** The job of that name, if any. */
export const jobNamed = (name: string): Job | undefined => JOBS.find((j) => j.name === name);

/** A run on the schedule (or at start): a failure is logged and left for the next tick. */
function runScheduled(job: Job, deps: JobDeps): void {
  try {
    runJob(job, deps);
  } catch {
    // Logged by runJob; the next tick tries again.
  }
}

export function startJobs(deps: JobDeps): { stop(): void } {
  for (const job of JOBS.filter((j) => j.atStart)) runScheduled(job, deps);
  const tasks: ScheduledTask[] = JOBS.map((job) =>
    cron.schedule(job.schedule, () => runScheduled(job, deps), { timezone: deps.tz, name: job.name, noOverlap: true }),
  );
  return { stop: () => tasks.forEach((t) => void t.stop()) };
}
