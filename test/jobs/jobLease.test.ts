// Jobs under a database lease: two processes (two connections to one SQLite file, each with its own
// owner) never run a job at once, an expired lease is taken over, a missed run is made up once at
// start-up, and run-now answers 409 while another run holds the lease.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { pino } from "pino";
import { fixedClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { jobRuns } from "../../server/db/schema";
import type { Job } from "../../server/jobs/job";
import { LEASE_MS, jobRun, releaseLease, takeLease } from "../../server/jobs/jobRuns";
import { JOBS, runJob, startJobs, type JobDeps } from "../../server/jobs/startJobs";
import { makeStaff } from "../helpers/factories";
import { T0, startTestApp } from "../helpers/testApp";

const logger = pino({ level: "silent" });

describe("job leases across two processes", () => {
  const dir = mkdtempSync(join(tmpdir(), "xueguan-jobs-"));
  const file = join(dir, "jobs.db");
  const one = openMigratedDatabase(file);
  const two = openMigratedDatabase(file);
  after(() => {
    one.close();
    two.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the second takes no lease while the first holds it, and takes over an expired one", () => {
    assert.equal(takeLease(one.db, "nightly", T0, "p1"), true);
    assert.equal(takeLease(two.db, "nightly", T0 + 60_000, "p2"), false);
    assert.equal(takeLease(one.db, "nightly", T0 + 60_000, "p1"), false, "not twice in one process either");
    assert.equal(jobRun(two.db, "nightly")?.leaseOwner, "p1");
    // p1 died mid-run: once its lease has run out, p2 takes the job over.
    assert.equal(takeLease(two.db, "nightly", T0 + LEASE_MS + 1, "p2"), true);
    // p1's late release does not free p2's run.
    releaseLease(one.db, "nightly", { at: T0 + LEASE_MS + 2, nextDueAt: T0 + 86_400_000, summary: {} }, "p1");
    assert.equal(jobRun(one.db, "nightly")?.leaseOwner, "p2");
    releaseLease(two.db, "nightly", { at: T0 + LEASE_MS + 3, nextDueAt: T0 + 86_400_000, summary: { done: 1 } }, "p2");
    assert.equal(jobRun(one.db, "nightly")?.leaseOwner, null);
    assert.equal(takeLease(one.db, "nightly", T0 + LEASE_MS + 4, "p1"), true, "free again after the release");
  });

  it("a run the other process starts while one runs does nothing", () => {
    const clock = fixedClock(T0);
    const deps1: JobDeps = { db: one.db, clock, tz: "Asia/Shanghai", logger, owner: "p1" };
    const deps2: JobDeps = { db: two.db, clock, tz: "Asia/Shanghai", logger, owner: "p2" };
    let runs = 0;
    let inner: Record<string, unknown> | null | undefined;
    const job: Job = {
      name: "scan",
      schedule: "0 2 * * *",
      run: () => {
        runs++;
        // The other process's schedule fires in the middle of this run.
        inner = runJob(job, deps2);
        return { runs };
      },
    };
    assert.deepEqual(runJob(job, deps1), { runs: 1 });
    assert.equal(inner, null, "the second process skipped the run");
    assert.equal(runs, 1);
    const row = jobRun(two.db, "scan");
    assert.equal(row?.leaseOwner, null);
    assert.equal(row?.lastSummary, JSON.stringify({ runs: 1 }));
    // 02:00 Shanghai the next night.
    assert.equal(row?.nextDueAt, Date.UTC(2026, 2, 2, 18, 0));
    // Afterwards either process may run it.
    assert.deepEqual(runJob(job, deps2), { runs: 2 });
  });
});

describe("missed runs at start-up", () => {
  const setup = () => {
    const database = openMigratedDatabase(":memory:");
    const clock = fixedClock(T0);
    const deps: JobDeps = { db: database.db, clock, tz: "Asia/Shanghai", logger };
    const start = () => startJobs(deps).stop();
    const started = (name: string) => jobRun(database.db, name)?.lastStartedAt ?? null;
    return { database, clock, start, started };
  };

  it("runs every job never run before, once", () => {
    const t = setup();
    t.start();
    for (const job of JOBS) assert.equal(t.started(job.name), T0, `${job.name} ran at start-up`);
    // A second later: no schedule has come round again (every job's next run is at least a minute away).
    t.clock.advance(1_000);
    t.start();
    for (const job of JOBS) {
      if (job.atStart) assert.equal(t.started(job.name), T0 + 1_000, `${job.name} is marked to run at every start`);
      else assert.equal(t.started(job.name), T0, `${job.name} was not missed, so it did not run again`);
    }
    t.database.close();
  });

  it("runs a job whose next due time passed while the server was down, and not the others", () => {
    const t = setup();
    t.start();
    t.clock.advance(1_000);
    t.database.db.update(jobRuns).set({ nextDueAt: T0 + 500 }).where(eq(jobRuns.name, "prune")).run();
    t.start();
    assert.equal(t.started("prune"), T0 + 1_000);
    assert.equal(t.started("expire-lots"), T0);
    assert.ok((jobRun(t.database.db, "prune")?.nextDueAt ?? 0) > T0 + 1_000, "its next due time moved past now");
    t.database.close();
  });
});

describe("jobs over HTTP", () => {
  it("run-now answers 409 while another process holds the lease; GET /api/v1/jobs shows each job", async () => {
    const t = await startTestApp();
    try {
      const principal = await t.asStaff(makeStaff(t.database.db, { roles: ["principal"] }).id);
      assert.equal((await t.anonymous.get("/api/v1/jobs")).status, 401);
      assert.equal((await principal.get("/api/v1/jobs")).status, 403);

      assert.equal(takeLease(t.database.db, "prune", T0, "another-process"), true);
      const busy = await t.admin.post("/api/v1/jobs/prune/run");
      assert.equal(busy.status, 409);
      let list = (await t.admin.get("/api/v1/jobs")).body.items as { name: string; schedule: string; running: boolean; lastSummary: unknown; nextDueAt: number | null }[];
      assert.deepEqual(list.map((j) => j.name), JOBS.map((j) => j.name));
      const prune = () => list.find((j) => j.name === "prune");
      assert.equal(prune()?.schedule, "40 3 * * *");
      assert.equal(prune()?.running, true);

      releaseLease(t.database.db, "prune", { at: T0, nextDueAt: T0, summary: {} }, "another-process");
      const ran = await t.admin.post("/api/v1/jobs/prune/run");
      assert.equal(ran.status, 200);
      list = (await t.admin.get("/api/v1/jobs")).body.items;
      assert.equal(prune()?.running, false);
      assert.deepEqual(prune()?.lastSummary, ran.body.summary);
      // 03:40 Shanghai the next night.
      assert.equal(prune()?.nextDueAt, Date.UTC(2026, 2, 2, 19, 40));
    } finally {
      await t.close();
    }
  });
});
