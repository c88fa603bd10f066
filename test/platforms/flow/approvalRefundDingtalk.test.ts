// Issue 6 end to end over real HTTP with the sandbox DingTalk: a refund over ¥500 goes head teacher →
// principal → finance, each approver sees the amount and its breakdown on their DingTalk card and
// approves with its button (the card callback), and finance's approval executes the refund: ledger
// entries, the order's refund, a clean reconcile, and every card showing how its step ended.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { institutionSettings, ledgerEntries, ledgerOps, orderRefunds, orders, type Role } from "../../../server/db/schema";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { reconcileReport } from "../../../server/domain/reports/reconcile";
import { refundReference } from "../../../server/domain/refunds/refundRequestType";
import { yuanText } from "../../../server/domain/refunds/refundText";
import { getSettings } from "../../../server/domain/settings/institutionSettings";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent } from "../../helpers/factories";
import { startTestApp, type TestApp } from "../../helpers/testApp";
import { copyIn, countAction, decidedState, inboundFor, instanceRow, sandboxOf, settle, stepDelivery, stepRunsOf, tasksOf, uniq } from "./approvalFlowKit";

describe("a refund approved in three steps from DingTalk cards", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    getSettings({ ctx: t.ctx });
    t.database.db.update(institutionSettings).set({ refundFeeRateBp: 500 }).run();
  });
  after(() => t.close());

  function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const onDingtalk = (roles: Role[], name: string) => {
      const u = uniq();
      return makeStaff(db, { roles, name, campusIds: [campus.id], dingtalkUserId: `dt_${roles[0]}_${u}`, dingtalkUnionId: `union_${roles[0]}_${u}` });
    };
    const head = onDingtalk(["head_teacher"], "王老师");
    const principal = onDingtalk(["principal"], "李校长");
    const finance = onDingtalk(["finance"], "财务甲");
    const advisor = onDingtalk(["advisor"], "顾问丙");
    const student = makeStudent(db, { campusId: campus.id, name: "张小明", headTeacherId: head.id, advisorId: advisor.id });
    const course = makeCourse(db, { name: `奥数${uniq()}` });
    // 20 课时 for ¥1,000.00 (+2 gift), 4 consumed: 16 × ¥50.00 = ¥800.00 back, less the 5% fee.
    const pkg = makePackage(db, { courseId: course.id, name: "奥数 20 课时", hours: 2000, giftHours: 200, priceFen: 100000, validityDays: null });
    const order = createOrder({ ctx: t.ctx, input: { studentId: student.id, items: [{ packageId: pkg.id }] } });
    recordPayment({ ctx: t.ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-e2e-${order.id}` } });
    consumeHours(t.ctx, { studentId: student.id, courseId: course.id, hours: 400, kind: "attendance", key: `e2e-${student.id}`, reason: "上课", refType: "manual" });
    const dt = (s: { dingtalkUserId: string | null }) => {
      assert.ok(s.dingtalkUserId);
      return s.dingtalkUserId;
    };
    return { campus, head, principal, finance, advisor, student, course, order, dt };
  }

  it("head teacher → principal (over ¥500) → finance: each card shows the amount, each click decides, finance's executes", async () => {
    const w = world();
    const dingtalk = sandboxOf(t).dingtalk;
    const asAdvisor = await t.asStaff(w.advisor.id);

    const quote = await asAdvisor.get(`/api/v1/students/${w.student.id}/refund-quote`);
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    const amountFen = quote.body.amountFen as number;
    assert.ok(amountFen > 50000, `over ¥500 so the principal's step is added (got ${amountFen})`);
    assert.equal(amountFen, 76000, "16 课时 × ¥50.00 − 5% fee");

    const submitted = await asAdvisor.post("/api/v1/refund-requests", { studentId: w.student.id, reason: "搬家" });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const instanceId = submitted.body.id as number;
    assert.equal(submitted.body.fields.amountFen, amountFen);

    const steps = [
      { who: w.head, name: "班主任（1/3）" },
      { who: w.principal, name: "校长（2/3）" },
      { who: w.finance, name: "财务执行（3/3）" },
    ];
    const copies: { userId: string; taskId: string; approver: string }[] = [];
    for (const [index, step] of steps.entries()) {
      await settle(t);
      const delivery = stepDelivery(t, instanceId, index, step.who.id);
      assert.equal(delivery.platform, "dingtalk");
      assert.equal(delivery.status, "sent");
      const userId = w.dt(step.who);
      const card = copyIn(dingtalk.inbox(userId), delivery.taskId);
      assert.equal(card.title, "退费审批 · 张小明");
      assert.equal(card.subtitle, "顾问丙 提交");
      const row = (key: string) => card.rows.find((r) => r.key === key)?.value;
      assert.equal(row("学员"), "张小明");
      assert.equal(row("应退"), `${yuanText(amountFen)}（原路退回）`);
      assert.equal(row("手续费"), yuanText(quote.body.feeFen as number));
      assert.match(row("明细") ?? "", /剩余 16\.00 课时 × ¥50\.00 = ¥800\.00/, "the breakdown is on the card");
      assert.match(row("明细") ?? "", /赠送课时 2\.00 课时.*不退/);
      assert.equal(row("审批步骤"), step.name);
      assert.deepEqual(card.buttons.map((b) => [b.key, b.text]), [["approve", "同意"], ["reject", "驳回"]]);
      assert.equal(card.state, undefined);

      if (index < 2) {
        assert.equal(t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all().length, 0, "nothing paid back before finance");
      }
      const answer = await dingtalk.click({ userId, taskId: delivery.taskId, actionKey: "approve" });
      assert.equal(answer.status, 200, answer.body);
      await settle(t);
      const [inbound] = inboundFor(t, delivery.taskId);
      assert.equal(inbound?.status, "processed");
      assert.match(inbound?.outcome ?? "", /^approved task \d+/);
      assert.equal(stepRunsOf(t, instanceId)[index]?.status, "approved");
      copies.push({ userId, taskId: delivery.taskId, approver: step.who.name });
    }

    // The flow ended with finance's click.
    assert.equal(instanceRow(t, instanceId).status, "approved");
    assert.deepEqual(stepRunsOf(t, instanceId).map((r) => [r.stepId, r.status]), [["head_teacher", "approved"], ["principal", "approved"], ["finance", "approved"]]);
    assert.deepEqual(tasksOf(t, instanceId).map((x) => [x.approverStaffId, x.status, x.decidedVia]), [
      [w.head.id, "approved", "card"],
      [w.principal.id, "approved", "card"],
      [w.finance.id, "approved", "card"],
    ]);
    assert.equal(countAction(t, instanceId, "approved"), 3);
    assert.equal(countAction(t, instanceId, "effect_applied"), 1);

    // The refund: ledger operation and entries, the order's refund row, the order, a clean reconcile.
    const ops = t.database.db.select().from(ledgerOps).where(eq(ledgerOps.studentId, w.student.id)).all().filter((o) => o.kind === "refund");
    assert.equal(ops.length, 1, "one refund operation");
    assert.equal(ops[0]?.actorLabel, "财务甲");
    const entries = t.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.opId, ops[0]?.id ?? 0)).all();
    assert.ok(entries.length > 0, "the refund wrote ledger entries");
    assert.ok(entries.every((e) => e.kind === "refund"));
    const refunds = t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all();
    assert.deepEqual(refunds.map((r) => [r.orderId, r.amountFen, r.recordedByLabel]), [[w.order.id, amountFen, "财务甲"]]);
    assert.match(refunds[0]?.reason ?? "", new RegExp(refundReference(instanceId)));
    const order = t.database.db.select().from(orders).where(eq(orders.id, w.order.id)).get();
    assert.equal(order?.refundedFen, amountFen);
    assert.equal(order?.status, "refunded");
    const report = reconcileReport({ ctx: t.ctx });
    assert.deepEqual(report.discrepancies, []);
    assert.equal(report.ok, true);

    // Every approver's copy shows how their step ended; the advisor got the result.
    for (const copy of copies) {
      const card = copyIn(dingtalk.inbox(copy.userId), copy.taskId);
      assert.match(card.state ?? "", decidedState("已同意", copy.approver), `${copy.approver}'s card`);
      assert.deepEqual(card.buttons, []);
    }
    const result = dingtalk.inbox(w.dt(w.advisor)).find((c) => c.title === "退费审批 · 张小明 · 已通过");
    assert.ok(result, "the requester's result card arrived on DingTalk");
    assert.match(result.state ?? "", /^已通过 · /);
    assert.deepEqual(dingtalk.calls.filter((c) => c.errorCode !== undefined || c.status >= 400), [], "DingTalk accepted every call");
  });

  it("the principal presses 驳回: the flow ends rejected, nothing is refunded, the cards and the requester say so", async () => {
    const w = world();
    const dingtalk = sandboxOf(t).dingtalk;
    const asAdvisor = await t.asStaff(w.advisor.id);
    const submitted = await asAdvisor.post("/api/v1/refund-requests", { studentId: w.student.id, reason: "不学了" });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const instanceId = submitted.body.id as number;

    await settle(t);
    const headCopy = stepDelivery(t, instanceId, 0, w.head.id);
    assert.equal((await dingtalk.click({ userId: w.dt(w.head), taskId: headCopy.taskId, actionKey: "approve" })).status, 200);
    await settle(t);
    const principalCopy = stepDelivery(t, instanceId, 1, w.principal.id);
    assert.equal((await dingtalk.click({ userId: w.dt(w.principal), taskId: principalCopy.taskId, actionKey: "reject" })).status, 200);
    await settle(t);

    assert.equal(instanceRow(t, instanceId).status, "rejected");
    assert.deepEqual(stepRunsOf(t, instanceId).map((r) => [r.stepId, r.status]), [["head_teacher", "approved"], ["principal", "rejected"]]);
    assert.equal(countAction(t, instanceId, "rejected"), 1);
    assert.equal(countAction(t, instanceId, "effect_applied"), 0);
    assert.equal(t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all().length, 0);
    assert.equal(t.database.db.select().from(ledgerOps).where(eq(ledgerOps.studentId, w.student.id)).all().filter((o) => o.kind === "refund").length, 0);
    assert.equal(t.database.db.select().from(orders).where(eq(orders.id, w.order.id)).get()?.refundedFen, 0);
    assert.deepEqual(reconcileReport({ ctx: t.ctx }).discrepancies, []);

    assert.match(copyIn(dingtalk.inbox(w.dt(w.head)), headCopy.taskId).state ?? "", decidedState("已同意", "王老师"));
    const rejected = copyIn(dingtalk.inbox(w.dt(w.principal)), principalCopy.taskId);
    assert.match(rejected.state ?? "", decidedState("已驳回", "李校长"));
    assert.deepEqual(rejected.buttons, []);
    assert.equal(dingtalk.inbox(w.dt(w.finance)).length, 0, "finance never got a card");
    const result = dingtalk.inbox(w.dt(w.advisor)).find((c) => c.title === "退费审批 · 张小明 · 已驳回");
    assert.ok(result, "the requester is told it was rejected");
  });
});
