// The service rules and follow-up task API: 401 → 403 → 400 (the parameter named) → a change that the
// next scan uses; a dry run over HTTP creates nothing; the firing log with its inputs; the task lists
// (mine, and scope=all for principals only); reassign and cancel by the principal.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count } from "drizzle-orm";
import { followupTasks } from "../../server/db/schema";
import { makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";
import { serviceWorld } from "../domain/serviceRules/serviceWorld";

describe("service rules and follow-up tasks over HTTP", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("rules: 401, 403, 400 with the field, then the change; dry run creates nothing; the scan then fires and logs", async () => {
    const w = serviceWorld(t.database.db, t.ctx, { hours: 500 });
    w.buy();
    const advisor = await t.asStaff(w.advisor.id);
    assert.equal((await t.anonymous.get("/api/v1/service-rules")).status, 401);
    assert.equal((await advisor.get("/api/v1/service-rules")).status, 403);
    const rules = await t.admin.get("/api/v1/service-rules");
    assert.deepEqual(rules.body.items.map((r: { key: string }) => r.key), ["renewal", "visit", "churn", "reminder"]);
    assert.equal(rules.body.items[0].params.minHours, 400);
    const bad = await t.admin.patch("/api/v1/service-rules/renewal", { params: { minHours: -1, nope: 1 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.fields.map((f: { path: string }) => f.path), ["params.nope"]);
    const neg = await t.admin.patch("/api/v1/service-rules/renewal", { params: { minHours: -1 } });
    assert.deepEqual(neg.body.error.details.fields.map((f: { path: string }) => f.path), ["params.minHours"]);
    // 5 课时 left: not low at 4 课时, low at 6.
    const dry = await t.admin.post("/api/v1/service-rules/renewal/dry-run");
    assert.equal(dry.body.total, 0);
    const changed = await t.admin.patch("/api/v1/service-rules/renewal", { params: { minHours: 600 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.params.minHours, 600);
    assert.equal(changed.body.params.runOutWeeks, 4, "the others keep their values");
    const before_ = t.database.db.select({ n: count() }).from(followupTasks).get()?.n;
    const dry2 = await t.admin.post("/api/v1/service-rules/renewal/dry-run");
    assert.equal(dry2.body.total, 1);
    assert.equal(dry2.body.candidates[0].studentName, "王小明");
    assert.equal(dry2.body.candidates[0].triggerLabel, "剩余课时不足");
    assert.equal(t.database.db.select({ n: count() }).from(followupTasks).get()?.n, before_, "the dry run created nothing");
    assert.equal((await t.admin.post("/api/v1/jobs/service-scan/run")).status, 200);
    const firings = await t.admin.get(`/api/v1/rule-firings?ruleKey=renewal&studentId=${w.student.id}`);
    assert.equal(firings.body.items.length, 1);
    assert.equal(firings.body.items[0].inputs.threshold, 600);
    assert.equal((await t.admin.patch("/api/v1/service-rules/renewal", { enabled: false })).body.enabled, false);
    assert.equal((await t.admin.patch("/api/v1/service-rules/renewal", { enabled: true, params: { minHours: 400 } })).status, 200);

    // Lists: the advisor's own; scope=all is the principal's.
    const mine = await advisor.get("/api/v1/followup-tasks");
    assert.equal(mine.body.items.length, 1);
    const taskId = mine.body.items[0].id as number;
    assert.equal(mine.body.items[0].lines.find((l: { key: string }) => l.key === "剩余课时").value, "剩余 5.00 课时");
    assert.equal((await advisor.get("/api/v1/followup-tasks?scope=all")).status, 403);
    const principalRow = makeStaff(t.database.db, { roles: ["principal"], campusIds: [w.campus.id], name: "校长甲" });
    const principal = await t.asStaff(principalRow.id);
    const all = await principal.get("/api/v1/followup-tasks?scope=all&kind=renewal");
    assert.deepEqual(all.body.items.map((i: { id: number }) => i.id), [taskId]);
    const detail = await advisor.get(`/api/v1/followup-tasks/${taskId}`);
    assert.equal(detail.body.firings.length, 1);
    assert.equal(detail.body.outcomes.find((o: { code: string }) => o.code === "declined").needsReason, true);
    assert.equal(detail.body.canManage, false);

    // The principal hands it to another advisor, then cancels it; the advisor may do neither.
    assert.equal((await advisor.post(`/api/v1/followup-tasks/${taskId}/cancel`, { note: "x" })).status, 403);
    const other = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [w.campus.id], name: "顾问戊" });
    const moved = await principal.post(`/api/v1/followup-tasks/${taskId}/reassign`, { ownerId: other.id });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.ownerId, other.id);
    assert.equal(w.todosOf(taskId).filter((x) => x.status === "open").length, 1, "one open todo, the new owner's");
    const cancelled = await principal.post(`/api/v1/followup-tasks/${taskId}/cancel`, { note: "家长已在别的校区续费" });
    assert.equal(cancelled.body.state, "cancelled");
    assert.equal(w.todosOf(taskId).filter((x) => x.status === "open").length, 0);
  });
});
