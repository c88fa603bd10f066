// Approvals API: 401 → 400 → 403 → 404 → 409 → happy path, over real HTTP.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeCampus, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";
import { TEST_TYPE, testDefinition } from "../domain/workflow/testRequestType";

const paths = (body: { error: { details: { fields: { path: string }[] } } }) => body.error.details.fields.map((f) => f.path).sort();

describe("approvals API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const head = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id], name: "王老师" });
    const advisor = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问" });
    const stranger = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "路人" });
    const student = makeStudent(db, { campusId: campus.id, name: "张小明", headTeacherId: head.id, advisorId: advisor.id });
    return { campus, head, advisor, stranger, student };
  }

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/approval-tasks?mine=1")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/approvals", { type: TEST_TYPE, fields: {} })).status, 401);
    assert.equal((await t.anonymous.put(`/api/v1/approval-definitions/${TEST_TYPE}`, {})).status, 401);
  });

  it("answers 400 naming the bad fields, including a bad definition's reasons", async () => {
    const w = world();
    const asAdvisor = await t.asStaff(w.advisor.id);
    const bad = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: "many" }, studentId: w.student.id });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["fields.amountFen"]);
    const def = await t.admin.put(`/api/v1/approval-definitions/${TEST_TYPE}`, {
      name: "坏流程",
      steps: [{ id: "a", name: "甲", approvers: { relation: "advisor" }, mode: "any", when: "salary > 1" }],
    });
    assert.equal(def.status, 400);
    assert.deepEqual(def.body.error.details.fields, [{ path: "steps.0.when", message: "字段“salary”不存在，可用字段：amountFen、note" }]);
    const empty = await t.admin.put(`/api/v1/approval-definitions/${TEST_TYPE}`, { name: "空", steps: [] });
    assert.equal(empty.status, 400);
    assert.deepEqual(paths(empty.body), ["steps"]);
  });

  it("answers 403 to non-admins saving a definition and to strangers deciding or withdrawing", async () => {
    const w = world();
    const asHead = await t.asStaff(w.head.id);
    assert.equal((await asHead.put(`/api/v1/approval-definitions/${TEST_TYPE}`, testDefinition([]))).status, 403);
    const asAdvisor = await t.asStaff(w.advisor.id);
    const started = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 100 }, studentId: w.student.id });
    assert.equal(started.status, 201);
    const taskId = started.body.steps[0].tasks[0].id;
    const asStranger = await t.asStaff(w.stranger.id);
    const decided = await asStranger.post(`/api/v1/approval-tasks/${taskId}/decision`, { decision: "approve" });
    assert.equal(decided.status, 403);
    assert.equal(decided.body.error.message, "只有该任务的审批人可以处理此审批");
    assert.equal((await asStranger.post(`/api/v1/approvals/${started.body.id}/withdraw`, {})).status, 403);
  });

  it("answers 404 for unknown types, tasks, and approvals the actor may not see", async () => {
    const w = world();
    const asAdvisor = await t.asStaff(w.advisor.id);
    assert.equal((await asAdvisor.post("/api/v1/approvals", { type: "nope", fields: {} })).status, 404);
    assert.equal((await t.admin.get("/api/v1/approval-definitions/nope")).status, 404);
    assert.equal((await asAdvisor.post("/api/v1/approval-tasks/999999/decision", { decision: "approve" })).status, 404);
    const started = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 1 }, studentId: w.student.id });
    const asStranger = await t.asStaff(w.stranger.id);
    assert.equal((await asStranger.get(`/api/v1/approvals/${started.body.id}`)).status, 404);
  });

  it("happy path: submit, my pending tasks with the count, decide with a comment, a second decision is 409", async () => {
    const w = world();
    const asAdvisor = await t.asStaff(w.advisor.id);
    const started = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 60_000 }, studentId: w.student.id, requestKey: "http-happy-0001" });
    assert.equal(started.status, 201);
    assert.equal(started.body.status, "pending");
    assert.equal(started.body.label, "报销");
    assert.deepEqual(started.body.rows, [{ key: "金额", value: "600.00 元" }]);
    assert.equal(started.body.version, undefined);
    assert.equal(started.body.requestKey, undefined);

    const asHead = await t.asStaff(w.head.id);
    const mine = await asHead.get("/api/v1/approval-tasks?mine=1");
    assert.equal(mine.status, 200);
    assert.equal(mine.body.pendingCount, 1);
    assert.equal(mine.body.items[0].approval.id, started.body.id);
    const detail = await asHead.get(`/api/v1/approvals/${started.body.id}`);
    assert.equal(detail.body.myPendingTaskId, mine.body.items[0].id);

    const bad = await asHead.post(`/api/v1/approval-tasks/${mine.body.items[0].id}/decision`, { decision: "maybe" });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["decision"]);
    const ok = await asHead.post(`/api/v1/approval-tasks/${mine.body.items[0].id}/decision`, { decision: "approve", comment: "同意退" });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, "approved");
    assert.deepEqual(
      ok.body.timeline.map((r: { action: string }) => r.action),
      ["submitted", "step_started", "approved", "step_approved", "completed", "effect_applied"],
    );
    const again = await asHead.post(`/api/v1/approval-tasks/${mine.body.items[0].id}/decision`, { decision: "reject" });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /^已处理：已同意 · 王老师/);
    assert.equal((await asAdvisor.post(`/api/v1/approvals/${started.body.id}/withdraw`, {})).status, 409);

    const list = await asAdvisor.get("/api/v1/approvals");
    assert.ok(list.body.items.some((a: { id: number }) => a.id === started.body.id));
    const aboutStudent = await asAdvisor.get(`/api/v1/students/${w.student.id}/approvals`);
    assert.equal(aboutStudent.body.items.length >= 1, true);
  });

  it("lists my own requests with their state, newest first, filtered by state; only mine", async () => {
    const w = world();
    const asAdvisor = await t.asStaff(w.advisor.id);
    const submit = async () => {
      const student = makeStudent(t.database.db, { campusId: w.campus.id, name: "张小明", headTeacherId: w.head.id, advisorId: w.advisor.id });
      const res = await asAdvisor.post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 100 }, studentId: student.id });
      assert.equal(res.status, 201);
      return res.body as { id: number; steps: { tasks: { id: number }[] }[] };
    };
    const approved = await submit();
    const withdrawn = await submit();
    const pending = await submit();
    const asHead = await t.asStaff(w.head.id);
    assert.equal((await asHead.post(`/api/v1/approval-tasks/${approved.steps[0]?.tasks[0]?.id}/decision`, { decision: "approve" })).status, 200);
    assert.equal((await asAdvisor.post(`/api/v1/approvals/${withdrawn.id}/withdraw`, {})).status, 200);
    const colleague = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [w.campus.id] });
    const theirStudent = makeStudent(t.database.db, { campusId: w.campus.id, headTeacherId: w.head.id, advisorId: colleague.id });
    const other = await (await t.asStaff(colleague.id)).post("/api/v1/approvals", { type: TEST_TYPE, fields: { amountFen: 1 }, studentId: theirStudent.id });
    assert.equal(other.status, 201);

    const states = (body: { items: { id: number; status: string; statusLabel: string }[] }) => body.items.map((a) => [a.id, a.status, a.statusLabel]);
    const all = await asAdvisor.get("/api/v1/approvals?limit=3");
    assert.equal(all.status, 200);
    assert.deepEqual(states(all.body), [
      [pending.id, "pending", "审批中"],
      [withdrawn.id, "withdrawn", "已撤回"],
      [approved.id, "approved", "已通过"],
    ]);
    assert.equal(all.body.items[0].label, "报销");
    assert.equal(all.body.items[0].studentName, "张小明");
    assert.deepEqual(states((await asAdvisor.get("/api/v1/approvals?status=pending")).body), [[pending.id, "pending", "审批中"]]);
    assert.deepEqual(states((await asAdvisor.get("/api/v1/approvals?status=approved")).body), [[approved.id, "approved", "已通过"]]);
    assert.deepEqual(states((await asAdvisor.get("/api/v1/approvals?status=rejected")).body), []);
    const page2 = await asAdvisor.get(`/api/v1/approvals?limit=2&cursor=${withdrawn.id}`);
    assert.deepEqual(states(page2.body), [[approved.id, "approved", "已通过"]]);

    const bad = await asAdvisor.get("/api/v1/approvals?status=done&limit=0");
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["limit", "status"]);
  });

  it("admin saves a new version; GET shows it with the history", async () => {
    const saved = await t.admin.put(`/api/v1/approval-definitions/${TEST_TYPE}`, testDefinition([{ id: "fin", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "all" }]));
    assert.equal(saved.status, 200);
    const got = await t.admin.get(`/api/v1/approval-definitions/${TEST_TYPE}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.version, saved.body.version);
    assert.equal(got.body.definition.steps[0].id, "fin");
    assert.ok(got.body.versions.length >= 1);
  });
});
