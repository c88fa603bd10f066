// Every approver of an open step gets a 待办 on the step's own card (DingTalk puts it in their todo
// list; WeCom's card is the todo): opened with the step, keyed by the task so a re-sent card never
// doubles it, completed for who decided and deleted for the others when the step ends.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalStepRuns, approvalTasks, outboxMessages, todos, type Role } from "../../../server/db/schema";
import { decideTask } from "../../../server/domain/workflow/decideTask";
import { sendStepCard } from "../../../server/domain/workflow/approvalCards";
import { saveDefinition } from "../../../server/domain/workflow/saveDefinition";
import { startApproval } from "../../../server/domain/workflow/startApproval";
import { withdrawApproval } from "../../../server/domain/workflow/withdrawApproval";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";
import { TEST_TYPE, testDefinition } from "./testRequestType";

describe("approver todos", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => {
    t = testDb();
  });
  afterEach(() => t.close());

  function scenario() {
    const campus = makeCampus(t.db);
    const person = (roles: Role[], name: string) => {
      const s = makeStaff(t.db, { roles, campusIds: [campus.id], name });
      return { ...s, ctx: t.as(staffActor(s, roles, [campus.id])) };
    };
    const admin = person(["admin"], "管理员");
    const a = person(["finance"], "财务甲");
    const b = person(["finance"], "财务乙");
    const requester = person(["advisor"], "顾问");
    const student = makeStudent(t.db, { campusId: campus.id, name: "张小明", advisorId: requester.id });
    saveDefinition({ ctx: admin.ctx, input: { key: TEST_TYPE, definition: testDefinition([{ id: "f", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "any" }]) } });
    const inst = startApproval({ ctx: requester.ctx, input: { type: TEST_TYPE, fields: { amountFen: 100 }, studentId: student.id } });
    const run = t.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, inst.id)).get();
    assert.ok(run);
    const todoRows = () => t.db.select().from(todos).where(eq(todos.refType, "approval_task")).all();
    const outbox = (kind: string) => t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, kind as never)).all().length;
    const taskOf = (staffId: number) => t.db.select().from(approvalTasks).where(eq(approvalTasks.approverStaffId, staffId)).get();
    return { inst, run, a, b, requester, todoRows, outbox, taskOf };
  }

  it("opens one todo per approver on the step's card, never a second for a re-sent card", () => {
    const s = scenario();
    const rows = s.todoRows();
    assert.deepEqual(rows.map((r) => [r.staffId, r.status, r.cardId]).sort(), [[s.a.id, "open", s.run.cardId], [s.b.id, "open", s.run.cardId]].sort());
    assert.deepEqual(rows.map((r) => r.refId).sort(), [String(s.taskOf(s.a.id)?.id), String(s.taskOf(s.b.id)?.id)].sort());
    assert.match(rows[0]?.subject ?? "", /^审批：.*张小明（财务）$/);
    assert.equal(s.outbox("todo.create"), 2);
    // A reminder re-sends the card: no new todo.
    sendStepCard(t.ctx, s.run.id, [s.a.id, s.b.id], "【催办】");
    assert.equal(s.todoRows().length, 2);
    assert.equal(s.outbox("todo.create"), 2);
  });

  it("the approver's todo completes and the sibling's is deleted when the step ends", () => {
    const s = scenario();
    const task = s.taskOf(s.a.id);
    assert.ok(task);
    decideTask({ ctx: s.a.ctx, input: { taskId: task.id, decision: "approve", via: "app" } });
    const byStaff = new Map(s.todoRows().map((r) => [r.staffId, r.status]));
    assert.equal(byStaff.get(s.a.id), "done");
    assert.equal(byStaff.get(s.b.id), "deleted");
    assert.equal(s.outbox("todo.complete"), 1);
    assert.equal(s.outbox("todo.delete"), 1);
  });

  it("a withdrawn request deletes every open todo", () => {
    const s = scenario();
    withdrawApproval({ ctx: s.requester.ctx, input: { instanceId: s.inst.id } });
    assert.deepEqual(s.todoRows().map((r) => r.status), ["deleted", "deleted"]);
  });
});
