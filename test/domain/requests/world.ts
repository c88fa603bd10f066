// A campus with every approver role, a student with head teacher and advisor, and helpers to run an
// approval to its end through the engine (each pending task decided by its approver).
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { approvalInstances, approvalStepRuns, approvalTasks, institutionSettings, type Role } from "../../../server/db/schema";
import type { Ctx } from "../../../server/core/context";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { getSettings } from "../../../server/domain/settings/institutionSettings";
import { decideTask } from "../../../server/domain/workflow/decideTask";
import { approvesWithForm } from "../../../server/domain/workflow/decisionForm";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

export function requestWorld() {
  const t = testDb();
  getSettings({ ctx: t.ctx });
  t.db.update(institutionSettings).set({ refundFeeRateBp: 500 }).run();
  const campus = makeCampus(t.db);
  const person = (roles: Role[], name: string) => {
    const s = makeStaff(t.db, { roles, campusIds: [campus.id], name });
    return { ...s, ctx: t.as(staffActor(s, roles, [campus.id])) };
  };
  const headTeacher = person(["head_teacher"], "王老师");
  const advisor = person(["advisor"], "顾问丙");
  const principal = person(["principal"], "李校长");
  const finance = person(["finance"], "财务甲");
  const academic = person(["academic"], "教务乙");
  const admin = person(["admin"], "管理员");
  const people = [headTeacher, advisor, principal, finance, academic, admin];
  const student = makeStudent(t.db, { campusId: campus.id, name: "张小明", headTeacherId: headTeacher.id, advisorId: advisor.id });

  const buy = (studentId: number, packageIds: number[]) => {
    const order = createOrder({ ctx: t.ctx, input: { studentId, items: packageIds.map((packageId) => ({ packageId })) } });
    recordPayment({ ctx: t.ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-${order.id}` } });
    return order;
  };
  const consume = (courseId: number, hours: number, key: string, ctx: Ctx = t.ctx) =>
    consumeHours(ctx, { studentId: student.id, courseId, hours, kind: "attendance", key, reason: "上课", refType: "manual" });

  const pending = (instanceId: number) =>
    t.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, instanceId)).all().filter((x) => x.status === "pending");

  /** Approves the instance's open step as its (first) approver; returns who approved. */
  const approveStep = (instanceId: number) => {
    const [task] = pending(instanceId);
    assert.ok(task, `instance ${instanceId} has a pending task`);
    const who = people.find((p) => p.id === task.approverStaffId);
    assert.ok(who, `approver ${task.approverStaffId} is one of the world's staff`);
    // The step that ends a refund is finance's: it brings the payout's reference (never approved blind).
    const instance = t.db.select().from(approvalInstances).where(eq(approvalInstances.id, instanceId)).get();
    const run = t.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.id, task.stepRunId)).get();
    const fields = instance && run && approvesWithForm(t.ctx, instance, run.stepIndex) ? { payoutReference: `TEST-${instanceId}` } : undefined;
    const result = decideTask({ ctx: who.ctx, input: { taskId: task.id, decision: "approve", via: "api", ...(fields ? { fields } : {}) } });
    return { who, result };
  };
  /** Approves step after step until the instance leaves `pending`; returns the approvers in order. */
  const approveAll = (instanceId: number) => {
    const approvers: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { who, result } = approveStep(instanceId);
      approvers.push(who.name);
      if (result.instance.status !== "pending") return { approvers, instance: result.instance };
    }
    assert.fail("the flow did not end");
  };
  return { ...t, campus, headTeacher, advisor, principal, finance, academic, admin, student, buy, consume, pending, approveStep, approveAll, person };
}
