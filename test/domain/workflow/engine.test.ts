// The approval engine: conditions, 或签 / 会签, withdraw, deadlines with the fixed clock, definition
// validation, version pinning, once-only decisions and the card every approver sees.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalStepRuns, approvalTasks, approvalTimeline, auditLog, cardDeliveries, cards, type Role } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import type { Ctx } from "../../../server/core/context";
import { saveDefinition } from "../../../server/domain/workflow/saveDefinition";
import { startApproval } from "../../../server/domain/workflow/startApproval";
import { decideTask } from "../../../server/domain/workflow/decideTask";
import { withdrawApproval } from "../../../server/domain/workflow/withdrawApproval";
import { processDeadlines } from "../../../server/domain/workflow/processDeadlines";
import { approvalDetail } from "../../../server/domain/workflow/approvalDetail";
import type { FlowDefinition } from "../../../server/domain/workflow/flowDefinitionSchema";
import type { CardContent } from "../../../cards/cardModel";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";
import { effects, TEST_TYPE, testDefinition } from "./testRequestType";

const HOUR = 3_600_000;

function setup() {
  const t = testDb();
  const db = t.db;
  const campus = makeCampus(db);
  const person = (roles: Role[], name?: string) => {
    const s = makeStaff(db, { roles, campusIds: [campus.id], ...(name ? { name } : {}) });
    return { ...s, ctx: t.as(staffActor(s, roles, [campus.id])) };
  };
  const admin = person(["admin"], "管理员甲");
  const headTeacher = person(["head_teacher"], "王老师");
  const principal = person(["principal"], "李校长");
  const financeA = person(["finance"], "财务甲");
  const financeB = person(["finance"], "财务乙");
  const advisor = person(["advisor"], "顾问丙");
  const student = makeStudent(db, { campusId: campus.id, name: "张小明", headTeacherId: headTeacher.id, advisorId: advisor.id });
  const define = (steps: FlowDefinition["steps"]) => saveDefinition({ ctx: admin.ctx, input: { key: TEST_TYPE, definition: testDefinition(steps) } });
  const start = (amountFen: number, by: Ctx = advisor.ctx) =>
    startApproval({ ctx: by, input: { type: TEST_TYPE, fields: { amountFen }, studentId: student.id } });
  const tasksOf = (instanceId: number) => db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, instanceId)).orderBy(approvalTasks.id).all();
  const pendingOf = (instanceId: number, staffId: number) => {
    const task = tasksOf(instanceId).find((x) => x.approverStaffId === staffId && x.status === "pending");
    assert.ok(task, `staff ${staffId} has a pending task`);
    return task;
  };
  const runsOf = (instanceId: number) => db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, instanceId)).orderBy(approvalStepRuns.stepIndex).all();
  const cardOf = (stepRunId: number) => {
    const row = db.select().from(cards).where(eq(cards.refId, String(stepRunId))).orderBy(cards.id).get();
    assert.ok(row);
    return { ...row, content: row.model as CardContent };
  };
  const timeline = (instanceId: number) => db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, instanceId)).orderBy(approvalTimeline.id).all().map((r) => r.action);
  return { ...t, campus, admin, headTeacher, principal, financeA, financeB, advisor, student, define, start, tasksOf, pendingOf, runsOf, cardOf, timeline, person };
}

const refundLike: FlowDefinition["steps"] = [
  { id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any" },
  { id: "principal", name: "校长", approvers: { role: "principal", scope: "campus" }, mode: "any", when: "amountFen > 50000" },
  { id: "finance", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "any" },
];

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ServiceError, String(err));
    return err;
  }
  assert.fail("expected a ServiceError");
}

describe("approval engine", () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
    effects.approved.length = 0;
    effects.rejected.length = 0;
  });
  afterEach(() => s.close());

  it("adds the principal's step only when the amount is over 50,000 fen", () => {
    s.define(refundLike);
    const small = s.start(50_000);
    assert.deepEqual(s.runsOf(small.id).map((r) => r.stepId), ["head"]);
    decideTask({ ctx: s.headTeacher.ctx, input: { taskId: s.pendingOf(small.id, s.headTeacher.id).id, decision: "approve", via: "app" } });
    assert.deepEqual(s.runsOf(small.id).map((r) => [r.stepId, r.status]), [["head", "approved"], ["principal", "skipped"], ["finance", "active"]]);
    assert.ok(s.timeline(small.id).includes("step_skipped"));

    const big = s.start(50_001);
    decideTask({ ctx: s.headTeacher.ctx, input: { taskId: s.pendingOf(big.id, s.headTeacher.id).id, decision: "approve", via: "app" } });
    assert.deepEqual(s.runsOf(big.id).map((r) => [r.stepId, r.status]), [["head", "approved"], ["principal", "active"]]);
    decideTask({ ctx: s.principal.ctx, input: { taskId: s.pendingOf(big.id, s.principal.id).id, decision: "approve", via: "card" } });
    const done = decideTask({ ctx: s.financeB.ctx, input: { taskId: s.pendingOf(big.id, s.financeB.id).id, decision: "approve", via: "app" } });
    assert.equal(done.instance.status, "approved");
    assert.deepEqual(effects.approved, [big.id]);
    assert.deepEqual(s.timeline(big.id).slice(-2), ["completed", "effect_applied"]);
    // 或签: finance A's task was cancelled by B's decision.
    assert.equal(s.tasksOf(big.id).find((x) => x.approverStaffId === s.financeA.id)?.status, "cancelled");
  });

  it("或签: the first decision closes the step; a second decision is 409 naming who decided; onApproved runs once", () => {
    s.define([{ id: "finance", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "any" }]);
    const inst = s.start(100);
    const a = s.pendingOf(inst.id, s.financeA.id);
    const b = s.pendingOf(inst.id, s.financeB.id);
    // "At the same moment": both approvers act on their own tasks; exactly one decision counts.
    decideTask({ ctx: s.financeA.ctx, input: { taskId: a.id, decision: "approve", via: "card" } });
    const second = errorOf(() => decideTask({ ctx: s.financeB.ctx, input: { taskId: b.id, decision: "reject", via: "card" } }));
    assert.equal(second.code, "CONFLICT");
    assert.match(second.message, /已处理：已同意 · 财务甲/);
    const replay = errorOf(() => decideTask({ ctx: s.financeA.ctx, input: { taskId: a.id, decision: "approve", via: "card" } }));
    assert.equal(replay.code, "CONFLICT");
    assert.deepEqual(s.tasksOf(inst.id).map((x) => x.status), ["approved", "cancelled"]);
    assert.deepEqual(effects.approved, [inst.id]);
    const decisions = s.db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, inst.id)).all().filter((r) => r.action === "approved");
    assert.equal(decisions.length, 1);
  });

  it("a stranger's decision is 403 and writes nothing", () => {
    const inst = s.start(100);
    const task = s.pendingOf(inst.id, s.headTeacher.id);
    const err = errorOf(() => decideTask({ ctx: s.principal.ctx, input: { taskId: task.id, decision: "approve", via: "card" } }));
    assert.equal(err.code, "FORBIDDEN");
    assert.match(err.message, /只有该任务的审批人/);
    assert.equal(s.pendingOf(inst.id, s.headTeacher.id).status, "pending");
  });

  it("会签: every approver must approve; progress is on the card; one rejection rejects", () => {
    s.define([{ id: "finance", name: "财务会签", approvers: { role: "finance", scope: "campus" }, mode: "all" }]);
    const inst = s.start(100);
    const run = s.runsOf(inst.id)[0];
    assert.ok(run);
    assert.match(s.cardOf(run.id).content.subtitle ?? "", /会签 0\/2$/);
    const first = decideTask({ ctx: s.financeA.ctx, input: { taskId: s.pendingOf(inst.id, s.financeA.id).id, decision: "approve", via: "app" } });
    assert.equal(first.instance.status, "pending");
    const mid = s.cardOf(run.id).content;
    assert.match(mid.subtitle ?? "", /会签 1\/2$/);
    assert.equal(mid.actions.length, 2);
    const last = decideTask({ ctx: s.financeB.ctx, input: { taskId: s.pendingOf(inst.id, s.financeB.id).id, decision: "approve", via: "app" } });
    assert.equal(last.instance.status, "approved");
    assert.match(s.cardOf(run.id).content.state ?? "", /^已同意 2\/2 · 3月2日 09:00$/);

    const other = s.start(100);
    decideTask({ ctx: s.financeA.ctx, input: { taskId: s.pendingOf(other.id, s.financeA.id).id, decision: "approve", via: "app" } });
    const rejected = decideTask({ ctx: s.financeB.ctx, input: { taskId: s.pendingOf(other.id, s.financeB.id).id, decision: "reject", comment: "票据不全", via: "app" } });
    assert.equal(rejected.instance.status, "rejected");
    assert.deepEqual(effects.rejected, [{ id: other.id, outcome: "rejected" }]);
    const otherRun = s.runsOf(other.id)[0];
    assert.ok(otherRun);
    assert.equal(s.cardOf(otherRun.id).content.state, "已驳回 · 财务乙 · 3月2日 09:00 · 理由：票据不全");
  });

  it("the step card: title, subtitle, rows, buttons, then the decided state for every copy; the requester gets a result card", () => {
    const inst = s.start(12_345);
    const run = s.runsOf(inst.id)[0];
    assert.ok(run);
    const card = s.cardOf(run.id);
    assert.equal(card.kind, "approval_task");
    assert.equal(card.refType, "approval_step");
    assert.equal(card.content.title, "报销审批 · 张小明");
    assert.equal(card.content.subtitle, "顾问丙 提交 · 班主任（1/1）");
    assert.deepEqual(card.content.rows, [{ key: "金额", value: "123.45 元" }]);
    assert.deepEqual(card.content.actions.map((a) => [a.key, a.text, a.style, a.url]), [["approve", "同意", "primary", undefined], ["reject", "驳回", "danger", "?action=reject"]]);
    assert.equal(card.content.detailUrl, `/app/approvals/${inst.id}`);
    assert.equal(s.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, card.id)).all().length, 1);

    s.clock.advance(5 * 60_000);
    decideTask({ ctx: s.headTeacher.ctx, input: { taskId: s.pendingOf(inst.id, s.headTeacher.id).id, decision: "approve", via: "card" } });
    const after = s.cardOf(run.id);
    assert.equal(after.content.state, "已同意 · 王老师 · 3月2日 09:05");
    assert.deepEqual(after.content.actions, []);
    assert.ok(after.version > card.version);
    const result = s.db.select().from(cards).where(eq(cards.kind, "approval_result")).all();
    assert.equal(result.length, 1);
    assert.equal((result[0]?.model as CardContent).state, "已通过 · 3月2日 09:05");
  });

  it("the requester is not their own approver: the principal steps in, and the timeline says so", () => {
    const inst = s.start(100, s.headTeacher.ctx);
    const tasks = s.tasksOf(inst.id);
    assert.deepEqual(tasks.map((x) => x.approverStaffId), [s.principal.id]);
    const started = s.db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, inst.id)).all().find((r) => r.action === "step_started");
    assert.match(started?.comment ?? "", /审批人是申请人本人，改由校长审批/);
  });

  it("withdraw: the requester withdraws before the end; tasks cancelled; cards say 已撤回; a stranger is 403; twice is 409", () => {
    const inst = s.start(100);
    assert.equal(errorOf(() => withdrawApproval({ ctx: s.financeA.ctx, input: { instanceId: inst.id } })).code, "FORBIDDEN");
    const withdrawn = withdrawApproval({ ctx: s.advisor.ctx, input: { instanceId: inst.id, reason: "填错了" } });
    assert.equal(withdrawn.status, "withdrawn");
    assert.deepEqual(s.tasksOf(inst.id).map((x) => x.status), ["cancelled"]);
    const run = s.runsOf(inst.id)[0];
    assert.ok(run);
    assert.equal(s.cardOf(run.id).content.state, "已撤回 · 顾问丙 · 3月2日 09:00");
    assert.equal(errorOf(() => withdrawApproval({ ctx: s.advisor.ctx, input: { instanceId: inst.id } })).code, "CONFLICT");
    const late = errorOf(() => decideTask({ ctx: s.headTeacher.ctx, input: { taskId: s.tasksOf(inst.id)[0]?.id ?? 0, decision: "approve", via: "card" } }));
    assert.equal(late.code, "CONFLICT");
    assert.match(late.message, /已撤回/);
    assert.deepEqual(effects.rejected, [{ id: inst.id, outcome: "withdrawn" }]);
    assert.ok(s.db.select().from(auditLog).all().some((a) => a.action === "approval.withdrawn"));
  });

  it("deadlines: reminders up to `repeat`, each `hours` apart, and a rerun does nothing twice", () => {
    s.define([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 24, action: "remind", repeat: 2 } }]);
    const inst = s.start(100);
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 0);
    s.clock.advance(24 * HOUR);
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 1);
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 0);
    s.clock.advance(24 * HOUR);
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 1);
    s.clock.advance(48 * HOUR);
    assert.equal(processDeadlines({ ctx: s.ctx }).reminded, 0);
    const run = s.runsOf(inst.id)[0];
    assert.ok(run);
    assert.equal(run.remindersSent, 2);
    const reminderCards = s.db.select().from(cards).where(eq(cards.refId, String(run.id))).all();
    assert.equal(reminderCards.length, 3);
    assert.ok((reminderCards[1]?.model as CardContent).title.startsWith("【催办】"));
  });

  it("deadlines: escalation adds the role's tasks and card copies once", () => {
    s.define([
      { id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 48, action: "escalate", escalateTo: { role: "principal" } } },
    ]);
    const inst = s.start(100);
    const run = s.runsOf(inst.id)[0];
    assert.ok(run);
    s.clock.advance(47 * HOUR);
    assert.equal(processDeadlines({ ctx: s.ctx }).escalated, 0);
    s.clock.advance(HOUR);
    assert.equal(processDeadlines({ ctx: s.ctx }).escalated, 1);
    assert.equal(processDeadlines({ ctx: s.ctx }).escalated, 0);
    assert.deepEqual(s.tasksOf(inst.id).map((x) => x.approverStaffId), [s.headTeacher.id, s.principal.id]);
    const card = s.cardOf(run.id);
    assert.deepEqual(s.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, card.id)).all().map((d) => d.staffId).sort(), [s.headTeacher.id, s.principal.id].sort());
    const done = decideTask({ ctx: s.principal.ctx, input: { taskId: s.pendingOf(inst.id, s.principal.id).id, decision: "approve", via: "card" } });
    assert.equal(done.instance.status, "approved");
    assert.ok(s.timeline(inst.id).includes("escalated"));
  });

  it("deadlines: auto-approve decides as the system and moves on; auto-reject ends the flow", () => {
    s.define([
      { id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: { hours: 2, action: "auto_approve" } },
      { id: "finance", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "all", timeLimit: { hours: 1, action: "auto_reject" } },
    ]);
    const inst = s.start(100);
    s.clock.advance(2 * HOUR);
    assert.equal(processDeadlines({ ctx: s.ctx }).autoDecided, 1);
    const runs = s.runsOf(inst.id);
    assert.deepEqual(runs.map((r) => [r.stepId, r.status]), [["head", "approved"], ["finance", "active"]]);
    assert.equal(s.tasksOf(inst.id)[0]?.decidedVia, "timeout");
    assert.equal(s.cardOf(runs[0]?.id ?? 0).content.state, "超时自动同意 · 3月2日 11:00");
    assert.ok(s.timeline(inst.id).includes("auto_approved"));
    s.clock.advance(HOUR);
    processDeadlines({ ctx: s.ctx });
    assert.equal(approvalDetail({ ctx: s.ctx, input: { instanceId: inst.id } }).status, "rejected");
    assert.equal(processDeadlines({ ctx: s.ctx }).due, 0);
    assert.deepEqual(effects.approved, []);
  });

  it("refuses bad definitions with the reason and the path", () => {
    const left = makeStaff(s.db, { roles: ["teacher"], status: "left" });
    const save = (definition: unknown) => errorOf(() => saveDefinition({ ctx: s.admin.ctx, input: { key: TEST_TYPE, definition } }));
    const fieldsOf = (e: ServiceError) => (e.details?.fields as { path: string; message: string }[]).map((f) => `${f.path}: ${f.message}`);

    assert.deepEqual(fieldsOf(save({ name: "空", steps: [] })), ["steps: 流程至少需要一个步骤"]);
    const role = fieldsOf(save({ name: "甲", steps: [{ id: "a", name: "甲", approvers: { role: "owner", scope: "campus" }, mode: "any" }] }));
    assert.ok(role.some((m) => m.startsWith("steps.0.approvers")), role.join("\n"));
    const many = fieldsOf(
      save(
        testDefinition([
          { id: "a", name: "甲", approvers: { staffIds: [left.id, 99_999] }, mode: "any", when: "amountFen >" },
          { id: "a", name: "乙", approvers: { relation: "advisor" }, mode: "all", when: "secret > 1" },
          { id: "c", name: "丙", approvers: { relation: "advisor" }, mode: "any", when: "log(amountFen) > 1" },
        ]),
      ),
    );
    assert.ok(many.some((m) => m.startsWith("steps.1.id: 步骤 id“a”与第 1 步重复")), many.join("\n"));
    assert.ok(many.some((m) => m.startsWith("steps.0.when: 条件表达式语法错误")), many.join("\n"));
    assert.ok(many.some((m) => m === "steps.1.when: 字段“secret”不存在，可用字段：amountFen、note"), many.join("\n"));
    assert.ok(many.some((m) => m.startsWith("steps.2.when: 不支持函数 log()")), many.join("\n"));
    assert.ok(many.some((m) => m.includes("已离职")), many.join("\n"));
    assert.ok(many.some((m) => m === "steps.0.approvers.staffIds: 员工 99999 不存在"), many.join("\n"));
    const escalate = fieldsOf(save(testDefinition([{ id: "a", name: "甲", approvers: { relation: "advisor" }, mode: "any", timeLimit: { hours: 1, action: "escalate" } }])));
    assert.deepEqual(escalate, ["steps.0.timeLimit.escalateTo: 超时升级需要指定 escalateTo（升级给哪个角色）"]);
    assert.equal(errorOf(() => saveDefinition({ ctx: s.headTeacher.ctx, input: { key: TEST_TYPE, definition: testDefinition(refundLike) } })).code, "FORBIDDEN");
    assert.equal(errorOf(() => saveDefinition({ ctx: s.admin.ctx, input: { key: "nope", definition: testDefinition(refundLike) } })).code, "NOT_FOUND");
  });

  it("version pinning: an instance started on v1 keeps v1's steps after v2 is saved", () => {
    const onV1 = s.start(100); // the type's default is stored as v1
    s.define([
      { id: "finance", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "any" },
      { id: "principal", name: "校长", approvers: { role: "principal", scope: "campus" }, mode: "any" },
    ]);
    const onV2 = s.start(100);
    assert.notEqual(onV1.definitionId, onV2.definitionId);
    const done = decideTask({ ctx: s.headTeacher.ctx, input: { taskId: s.pendingOf(onV1.id, s.headTeacher.id).id, decision: "approve", via: "app" } });
    assert.equal(done.instance.status, "approved");
    assert.deepEqual(s.runsOf(onV1.id).map((r) => r.stepId), ["head"]);
    assert.deepEqual(s.runsOf(onV2.id).map((r) => r.stepId), ["finance"]);
    assert.equal(approvalDetail({ ctx: s.ctx, input: { instanceId: onV1.id } }).definition.version, 1);
    assert.equal(approvalDetail({ ctx: s.ctx, input: { instanceId: onV2.id } }).definition.version, 2);
  });

  it("start: fields are validated by the type, unknown types are 404, a requestKey makes a retry return the same instance", () => {
    const bad = errorOf(() => startApproval({ ctx: s.advisor.ctx, input: { type: TEST_TYPE, fields: { amountFen: -1 }, studentId: s.student.id } }));
    assert.equal(bad.code, "VALIDATION");
    assert.deepEqual((bad.details?.fields as { path: string }[]).map((f) => f.path), ["fields.amountFen"]);
    assert.equal(errorOf(() => startApproval({ ctx: s.advisor.ctx, input: { type: "nope", fields: {} } })).code, "NOT_FOUND");
    const input = { type: TEST_TYPE, fields: { amountFen: 1 }, studentId: s.student.id, requestKey: "retry-key-0001" };
    const first = startApproval({ ctx: s.advisor.ctx, input });
    const again = startApproval({ ctx: s.advisor.ctx, input });
    assert.equal(first.id, again.id);
    assert.equal(s.tasksOf(first.id).length, 1);
  });
});
