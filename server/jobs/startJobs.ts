// Every schedule in one place: node-cron runs each job in the business time zone. A run holds the job's
// lease in the database (jobRuns.ts), so two processes never run it at once; a failed run is logged and
// retried at the next tick. At start-up a job runs once when its last scheduled run was missed (the
// server was down, or this is a new database) or when it is marked `atStart`. An admin can run any of
// them now (POST /api/v1/jobs/:name/run): every path goes through `runJob`.
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
import { serviceScanJob } from "./serviceScanJob";
import { followupRemindersJob } from "./followupRemindersJob";
import { undoAutoAbsencesJob } from "./undoAutoAbsencesJob";
import { slaSweepJob } from "./slaSweepJob";
import type { Job } from "./job";
import { missedRun, nextScheduledRun, releaseLease, takeLease } from "./jobRuns";

export const JOBS: Job[] = [expireLotsJob, markAbsencesJob, pruneRateLimitsJob, approvalDeadlinesJob, rollCallRemindersJob, undoAutoAbsencesJob, pruneJob, studentDayJob, slaSweepJob, serviceScanJob, followupRemindersJob];

/** `owner` names this process on the leases (PROCESS_OWNER unless a test stands for two processes). */
export type JobDeps = { db: DbOrTx; clock: Clock; tz: string; logger: Logger; owner?: string };

/**
 * Runs one job now under its lease, logging one summary line (or the failure, which it throws on).
 * Returns the summary, or null when another run holds the lease (nothing was done).
 */
export function runJob(job: Job, deps: JobDeps): Record<string, unknown> | null {
  const startedAt = deps.clock.now();
  if (!takeLease(deps.db, job.name, startedAt, deps.owner)) {
    deps.logger.info({ job: job.name }, "job skipped: another run holds its lease");
    return null;
  }
  const started = performance.now();
  const end = () => {
    const at = deps.clock.now();
    return { at, nextDueAt: nextScheduledRun(job.schedule, at, deps.tz) };
  };
  try {
    const summary = job.run({ db: deps.db, clock: deps.clock, tz: deps.tz, actor: systemActor(job.name) });
    releaseLease(deps.db, job.name, { ...end(), summary }, deps.owner);
    deps.logger.info({ job: job.name, ms: Math.round(performance.now() - started), ...summary }, "job done");
    return summary;
  } catch (err) {
    releaseLease(deps.db, job.name, { ...end(), error: err instanceof Error ? err.message : String(err) }, deps.owner);
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
  const now = deps.clock.now();
  for (const job of JOBS.filter((j) => j.atStart || missedRun(deps.db, j.name, now))) runScheduled(job, deps);
  const tasks: ScheduledTask[] = JOBS.map((job) =>
    cron.schedule(job.schedule, () => runScheduled(job, deps), { timezone: deps.tz, name: job.name, noOverlap: true }),
  );
  return { stop: () => tasks.forEach((t) => void t.stop()) };
}
