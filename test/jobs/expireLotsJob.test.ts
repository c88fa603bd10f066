import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Writable } from "node:stream";
import { pino } from "pino";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { studentTotals } from "../../server/domain/reports/reconcile";
import { expireLotsJob } from "../../server/jobs/expireLotsJob";
import { runJob } from "../../server/jobs/startJobs";
import { makeCampus, makeCourse, makeStudent } from "../helpers/factories";
import { testDb } from "../helpers/testDb";
import { T0 } from "../helpers/testApp";

describe("expire-lots job", () => {
  it("expires due lots once and logs one summary line per run", () => {
    const t = testDb();
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk, _enc, cb) => (lines.push(JSON.parse(String(chunk))), cb()) }));
    const student = makeStudent(t.db, { campusId: makeCampus(t.db).id });
    const course = makeCourse(t.db);
    creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: 500, key: "g1", reason: "赠课", refType: "manual", expiresAt: T0 + 1000 });
    const deps = { db: t.db, clock: t.clock, tz: "Asia/Shanghai", logger };
    runJob(expireLotsJob, deps);
    assert.equal(studentTotals(t.db, student.id)?.remainingHours, 500, "not yet due");
    t.clock.set(T0 + 1000);
    runJob(expireLotsJob, deps);
    runJob(expireLotsJob, deps);
    const totals = studentTotals(t.db, student.id);
    assert.equal(totals?.remainingHours, 0);
    assert.equal(totals?.expiredHours, 500);
    assert.deepEqual(lines.map((l) => [l.job, l.lots]), [["expire-lots", 0], ["expire-lots", 1], ["expire-lots", 0]]);
    t.close();
  });
});
