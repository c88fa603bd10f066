// Scheduled jobs' runs: one row per job, the lease that keeps two processes from running it at once,
// and when it last ran, so a run missed while the server was down runs once at start-up.
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { epochMs } from "./columns";

export const jobRuns = sqliteTable("job_runs", {
  name: text("name").primaryKey(),
  /** Who holds the lease (a process id), and until when; a run takes it only when it is free or expired. */
  leaseOwner: text("lease_owner"),
  leaseUntil: epochMs("lease_until"),
  lastStartedAt: epochMs("last_started_at"),
  lastFinishedAt: epochMs("last_finished_at"),
  /** The summary of the last finished run (JSON), or the error of a failed one. */
  lastSummary: text("last_summary"),
  lastError: text("last_error"),
  /** The schedule's next run after the last one: a start-up past it means a run was missed. */
  nextDueAt: epochMs("next_due_at"),
});

export type JobRunRow = typeof jobRuns.$inferSelect;
