// Each job's run record: a lease in the database, so two processes (two servers on one file, or a run
// now while the schedule fires) never run a job at once, and the schedule's next due time, so a run
// missed while the server was down is made up once at start-up.
import { randomBytes } from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { jobRuns, type JobRunRow } from "../db/schema";

/** This process's name on the leases it holds. */
export const PROCESS_OWNER = `${process.pid}-${randomBytes(4).toString("hex")}`;

/** A run holds its lease this long at most; a process that died mid-run frees the job after it. */
export const LEASE_MS = 10 * 60_000;

/** The schedule's first run after `after`, in the time zone. */
export function nextScheduledRun(schedule: string, after: number, tz: string): number {
  return CronExpressionParser.parse(schedule, { currentDate: new Date(after), tz }).next().getTime();
}

/** Takes the job's lease unless another holder's is still running; returns whether it was taken. */
export function takeLease(db: DbOrTx, name: string, now: number, owner = PROCESS_OWNER): boolean {
  db.insert(jobRuns).values({ name }).onConflictDoNothing().run();
  const taken = db
    .update(jobRuns)
    .set({ leaseOwner: owner, leaseUntil: now + LEASE_MS, lastStartedAt: now })
    .where(and(eq(jobRuns.name, name), or(isNull(jobRuns.leaseUntil), lt(jobRuns.leaseUntil, now))))
    .run();
  return taken.changes > 0;
}

/** Frees the lease after a run and records how it went and when the schedule next wants it. */
export function releaseLease(db: DbOrTx, name: string, end: { at: number; nextDueAt: number; summary?: unknown; error?: string }, owner = PROCESS_OWNER): void {
  db.update(jobRuns)
    .set({
      leaseOwner: null,
      leaseUntil: null,
      lastFinishedAt: end.at,
      nextDueAt: end.nextDueAt,
      ...(end.error === undefined ? { lastSummary: JSON.stringify(end.summary ?? {}), lastError: null } : { lastError: end.error }),
    })
    .where(and(eq(jobRuns.name, name), eq(jobRuns.leaseOwner, owner)))
    .run();
}

/** The job's run record, if it ever ran. */
export function jobRun(db: DbOrTx, name: string): JobRunRow | undefined {
  return db.select().from(jobRuns).where(eq(jobRuns.name, name)).get();
}

/** Whether a scheduled run was missed: the job never ran here, or its next due time passed unrun. */
export function missedRun(db: DbOrTx, name: string, now: number): boolean {
  const row = jobRun(db, name);
  return row?.nextDueAt === undefined || row.nextDueAt === null || row.nextDueAt <= now;
}
