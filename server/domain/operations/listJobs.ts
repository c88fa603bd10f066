// The scheduled jobs as the settings screen shows them: each one's schedule, its last run (when, how it
// went) and when it is next due, from its lease row. Admins only (outbox.manage, as run-now).
import type { Ctx } from "../../core/context";
import { jobRuns } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { JobRunner } from "./runJobNow";

export type JobView = {
  name: string;
  schedule: string | null;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastSummary: Record<string, unknown> | null;
  lastError: string | null;
  nextDueAt: number | null;
  /** Whether a run holds the lease now. */
  running: boolean;
};

export function listJobs({ ctx, jobs }: { ctx: Ctx; jobs: JobRunner }): JobView[] {
  requirePermission(ctx.actor, "outbox.manage");
  const now = ctx.clock.now();
  const runs = new Map(ctx.db.select().from(jobRuns).all().map((r) => [r.name, r]));
  return jobs.names.map((name) => {
    const r = runs.get(name);
    return {
      name,
      schedule: jobs.schedules?.[name] ?? null,
      lastStartedAt: r?.lastStartedAt ?? null,
      lastFinishedAt: r?.lastFinishedAt ?? null,
      lastSummary: r?.lastSummary ? (JSON.parse(r.lastSummary) as Record<string, unknown>) : null,
      lastError: r?.lastError ?? null,
      nextDueAt: r?.nextDueAt ?? null,
      running: r?.leaseUntil !== null && r?.leaseUntil !== undefined && r.leaseUntil > now,
    };
  });
}
