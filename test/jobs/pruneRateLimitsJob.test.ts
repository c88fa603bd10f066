import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import { rateLimits } from "../../server/db/schema";
import { takeAttempt } from "../../server/domain/rateLimits/takeAttempt";
import { pruneRateLimitsJob } from "../../server/jobs/pruneRateLimitsJob";
import { runJob } from "../../server/jobs/startJobs";
import { testDb } from "../helpers/testDb";
import { T0 } from "../helpers/testApp";

describe("prune-rate-limits job", () => {
  it("deletes counters whose window began more than a day ago, keeps the rest", () => {
    const t = testDb();
    const deps = { db: t.db, clock: t.clock, tz: "Asia/Shanghai", logger: pino({ level: "silent" }) };
    takeAttempt(t.ctx, [{ key: "bind:device:1", limit: 5, windowMs: 15 * 60_000 }]);
    t.clock.set(T0 + 23 * 3600_000);
    takeAttempt(t.ctx, [{ key: "bind:device:2", limit: 5, windowMs: 15 * 60_000 }]);
    t.clock.set(T0 + 24 * 3600_000 + 1);
    runJob(pruneRateLimitsJob, deps);
    assert.deepEqual(t.db.select().from(rateLimits).all().map((r) => r.key), ["bind:device:2"]);
    t.close();
  });
});
