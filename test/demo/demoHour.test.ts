// `npm start` on the demo for an hour of simulated time: the demo institution seeded on an empty
// database, then the clock moved on five minutes at a time while every scheduled job runs through the
// admin's `POST /api/v1/jobs/:name/run` (as node-cron would call it) and the outbox delivers to the
// sandbox platforms. The books must still balance, nothing may be dead-lettered, and every job answers.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { seedDemo } from "../../server/demo/seedDemo";
import { reconcile } from "../../server/domain/reports/reconcile";
import { JOBS } from "../../server/jobs/startJobs";
import { serveTestApp, type TestApp } from "../helpers/testApp";

/** Monday 2026-12-07 17:30 Asia/Shanghai: evening lessons start and end within the hour. */
const START = Date.UTC(2026, 11, 7, 9, 30);
const STEP_MS = 5 * 60_000;

describe("the demo after an hour of simulated time", () => {
  let app: TestApp;
  before(async () => {
    app = await serveTestApp({ database: openMigratedDatabase(":memory:"), clock: fixedClock(START) });
    seedDemo(app.ctx);
  });
  after(() => app.close());

  it("runs every job every five minutes, delivers every card, and reconciles", async () => {
    const statuses: number[] = [];
    let delivered = 0;
    for (let minute = 0; minute <= 60; minute += 5) {
      for (const job of JOBS) {
        const res = await app.admin.post(`/api/v1/jobs/${job.name}/run`);
        statuses.push(res.status);
        assert.equal(res.status, 200, `${job.name} at +${minute} min: ${JSON.stringify(res.body)}`);
      }
      for (;;) {
        const batch = await app.runtime.dispatcher.runOnce();
        delivered += batch.done;
        if (batch.claimed === 0) break;
      }
      app.clock.advance(STEP_MS);
    }
    assert.equal(statuses.length, 13 * JOBS.length);
    assert.ok(delivered > 0, "the seeded cards and the jobs' reminders were delivered");
    const dead = await app.admin.get("/api/v1/outbox?status=dead");
    assert.equal(dead.status, 200);
    assert.deepEqual(dead.body.items, [], "no message was given up on");
    const books = reconcile({ ctx: app.ctx });
    assert.equal(books.ok, true, JSON.stringify(books.discrepancies.slice(0, 5)));
  });
});
