// The refund request type through the engine: the amount from the quote, the principal's step only
// over ¥500, execution by finance at the end (ledger rows, order refund rows, clean reconcile), and a
// changed amount refused with 409 leaving nothing executed.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalInstances, approvalStepRuns, ledgerOps, orderRefunds, orders } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { reconcile } from "../../../server/domain/reports/reconcile";
import { refundReference } from "../../../server/domain/refunds/refundRequestType";
import { submitRefundRequest } from "../../../server/domain/refunds/submitRefundRequest";
import { approvalDetail } from "../../../server/domain/workflow/approvalDetail";
import { saveDefinition } from "../../../server/domain/workflow/saveDefinition";
import { processDeadlines } from "../../../server/domain/workflow/processDeadlines";
import { makeCourse, makePackage } from "../../helpers/factories";
import { requestWorld } from "./world";

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ServiceError, String(err));
    return err;
  }
  assert.fail("expected a ServiceError");
}

describe("refund requests", () => {
  let w: ReturnType<typeof requestWorld>;
  let math: ReturnType<typeof makeCourse>;
  let small: ReturnType<typeof makePackage>;
  let big: ReturnType<typeof makePackage>;
  beforeEach(() => {
    w = requestWorld();
    math = makeCourse(w.db, { name: "奥数" });
    small = makePackage(w.db, { courseId: math.id, name: "奥数 4 课时", hours: 400, giftHours: 0, priceFen: 40000, validityDays: null });
    big = makePackage(w.db, { courseId: math.id, name: "奥数 20 课时", hours: 2000, giftHours: 200, priceFen: 360000, validityDays: null });
  });
  afterEach(() => w.close());

  it("≤ ¥500: head teacher then finance, executed by finance, reconcile clean", () => {
    const order = w.buy(w.student.id, [small.id]);
    w.consume(math.id, 100, "c1"); // 3 课时 left = ¥300.00, fee 5% = ¥15.00
    const instance = submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, courseId: math.id, reason: "搬家" } });
    const fields = instance.fields as Record<string, unknown>;
    assert.equal(fields.amountFen, 28500);
    assert.equal(fields.grossFen, 30000);
    assert.equal(fields.feeFen, 1500);
    assert.equal(fields.payoutMethod, "original");

    const detail = approvalDetail({ ctx: w.advisor.ctx, input: { instanceId: instance.id } });
    const rows = JSON.stringify(detail);
    assert.match(rows, /应退/);
    assert.match(rows, /¥285\.00/);

    const { approvers, instance: done } = w.approveAll(instance.id);
    assert.deepEqual(approvers, ["王老师", "财务甲"]);
    assert.equal(done.status, "approved");
    const runs = w.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, instance.id)).all();
    assert.deepEqual(runs.map((r) => [r.stepId, r.status]), [["head_teacher", "approved"], ["principal", "skipped"], ["finance", "approved"]]);

    const refunds = w.db.select().from(orderRefunds).all();
    assert.deepEqual(refunds.map((r) => [r.orderId, r.amountFen]), [[order.id, 28500]]);
    assert.deepEqual([refunds[0]?.payoutStatus, refunds[0]?.payoutReference], ["paid", `TEST-${instance.id}`], "finance's real reference, on the row");
    assert.doesNotMatch(refunds[0]?.reason ?? "", new RegExp(refundReference(instance.id)), "the approval number is no payment reference");
    assert.equal(refunds[0]?.recordedByLabel, "财务甲");
    const ops = w.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "refund")).all();
    assert.equal(ops.length, 1);
    assert.equal(ops[0]?.actorLabel, "财务甲");
    assert.equal(w.db.select().from(orders).where(eq(orders.id, order.id)).get()?.status, "refunded");
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("> ¥500: head teacher, principal, finance; gift hours forfeited", () => {
    w.buy(w.student.id, [big.id]);
    w.consume(math.id, 1200, "c1"); // 8 课时 × ¥180 = ¥1,440.00, fee ¥72.00
    const instance = submitRefundRequest({ ctx: w.headTeacher.ctx, input: { studentId: w.student.id, reason: "不学了", payoutMethod: "bank_transfer" } });
    assert.equal((instance.fields as Record<string, unknown>).amountFen, 136800);
    // The head teacher asked, so their own step falls back to the principal (nobody approves their own request).
    const { approvers, instance: done } = w.approveAll(instance.id);
    assert.equal(approvers.length, 3);
    assert.equal(approvers[2], "财务甲");
    assert.equal(done.status, "approved");
    const refunds = w.db.select().from(orderRefunds).all();
    assert.equal(refunds[0]?.amountFen, 136800);
    assert.equal(refunds[0]?.payoutMethod, "bank_transfer");
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("three steps with the advisor asking: head teacher, principal, finance", () => {
    w.buy(w.student.id, [big.id]);
    const instance = submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, reason: "不学了" } });
    const { approvers } = w.approveAll(instance.id);
    assert.deepEqual(approvers, ["王老师", "李校长", "财务甲"]);
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("amount changed between request and approval: 409 asking to resubmit, nothing executed", () => {
    w.buy(w.student.id, [small.id]);
    const instance = submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, reason: "搬家" } });
    w.approveStep(instance.id); // head teacher
    w.consume(math.id, 100, "after-request");
    const err = errorOf(() => w.approveStep(instance.id)); // finance
    assert.equal(err.code, "CONFLICT");
    assert.match(err.message, /重新提交/);
    assert.equal(err.details?.reason, "amount_changed");
    assert.equal(w.db.select().from(orderRefunds).all().length, 0);
    assert.equal(w.db.select().from(ledgerOps).where(eq(ledgerOps.kind, "refund")).all().length, 0);
    const row = w.db.select().from(approvalInstances).where(eq(approvalInstances.id, instance.id)).get();
    assert.equal(row?.status, "pending", "the decision was rolled back");
    assert.equal(w.pending(instance.id).length, 1, "finance's task is still open");
    assert.deepEqual(reconcile({ ctx: w.ctx }).discrepancies, []);
  });

  it("a last approver without refunds.execute (edited flow): 403 with the reason", () => {
    w.buy(w.student.id, [small.id]);
    saveDefinition({
      ctx: w.admin.ctx,
      input: { key: "refund", definition: { name: "退费审批", steps: [{ id: "academic", name: "教务", approvers: { role: "academic", scope: "campus" }, mode: "any" }] } },
    });
    const instance = submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, reason: "搬家" } });
    const err = errorOf(() => w.approveStep(instance.id));
    assert.equal(err.code, "FORBIDDEN");
    assert.match(err.message, /退费执行权限/);
    assert.equal(w.db.select().from(orderRefunds).all().length, 0);
  });

  it("a finance step whose time limit says auto-approve is never paid out by the clock: reminded once, it waits for finance", () => {
    w.buy(w.student.id, [small.id]);
    saveDefinition({
      ctx: w.admin.ctx,
      input: {
        key: "refund",
        definition: {
          name: "退费审批",
          steps: [
            { id: "head_teacher", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any" },
            { id: "finance", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "any", timeLimit: { hours: 24, action: "auto_approve" } },
          ],
        },
      },
    });
    const instance = submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, reason: "搬家" } });
    assert.equal(w.approveStep(instance.id).who.name, "王老师");
    w.clock.advance(25 * 3_600_000);
    assert.deepEqual(processDeadlines({ ctx: w.ctx }), { due: 1, reminded: 1, escalated: 0, autoDecided: 0 });
    assert.equal(w.db.select().from(approvalInstances).where(eq(approvalInstances.id, instance.id)).get()?.status, "pending");
    assert.equal(w.db.select().from(orderRefunds).all().length, 0, "nothing booked without finance's reference");
    w.clock.advance(25 * 3_600_000);
    assert.equal(processDeadlines({ ctx: w.ctx }).due, 0, "no deadline left to fire again");
  });

  it("refuses a second pending refund, nothing refundable, a teacher, and a student out of scope", () => {
    w.buy(w.student.id, [small.id]);
    submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, reason: "搬家" } });
    assert.equal(errorOf(() => submitRefundRequest({ ctx: w.advisor.ctx, input: { studentId: w.student.id, reason: "再来" } })).code, "CONFLICT");
    const teacher = w.person(["teacher"], "任课老师");
    assert.equal(errorOf(() => submitRefundRequest({ ctx: teacher.ctx, input: { studentId: w.student.id, reason: "x" } })).code, "FORBIDDEN");
    const other = w.person(["advisor"], "别的顾问");
    assert.equal(errorOf(() => submitRefundRequest({ ctx: other.ctx, input: { studentId: w.student.id, reason: "x" } })).code, "NOT_FOUND");
    const course = makeCourse(w.db, { name: "空课程" });
    assert.equal(
      errorOf(() => submitRefundRequest({ ctx: w.finance.ctx, input: { studentId: w.student.id, courseId: course.id, reason: "x", requestKey: "refund-empty-1" } })).code,
      "CONFLICT",
    );
  });
});
