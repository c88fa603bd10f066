// Issue 6 end to end over real HTTP with the sandbox DingTalk: a refund over ¥500 goes head teacher →
// principal → finance. Each approver's DingTalk card shows the amount, 事由 and the earlier steps'
// decisions; the head teacher and the principal approve with its button (the card callback). Finance's
// button opens the page (the payout cannot be approved blind from the card): finance approves there
// with the payout's reference, which executes the refund — ledger entries, the order's refund with its
// payout, a clean reconcile — and every card shows how its step ended. 驳回 is a link to the page too:
// the principal's reason given there ends the flow and reaches the requester's card.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { institutionSettings, ledgerEntries, ledgerOps, orderRefunds, orders, type Role } from "../../../server/db/schema";
import { consumeHours } from "../../../server/domain/ledger/consumeHours";
import { createOrder } from "../../../server/domain/orders/createOrder";
import { recordPayment } from "../../../server/domain/orders/recordPayment";
import { reconcileReport } from "../../../server/domain/reports/reconcile";
import { getSettings } from "../../../server/domain/settings/institutionSettings";
import { platformSetup } from "../../../server/platformSetup";
import { cardCallbackPayload, cardCallbackRequest } from "../../../server/sandbox/dingtalk/dingtalkFakeCallbacks";
import { SANDBOX_DINGTALK } from "../../../server/sandbox/sandboxTypes";
import { formatMoney } from "../../../shared/money";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent } from "../../helpers/factories";
import { startTestApp, type TestApp } from "../../helpers/testApp";
import { copyIn, countAction, decidedState, inboundFor, instanceRow, sandboxOf, settle, stepDelivery, stepRunsOf, tasksOf, uniq } from "./approvalFlowKit";

describe("a refund approved in three steps from DingTalk cards and the app", () => {
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

  /**
   * A card callback as DingTalk posts it for a button that still calls back (a card sent before the
   * button became a link): signed with the route's apiSecret, to the route the app registered.
   */
  async function oldStyleClick(o: { userId: string; taskId: string; actionId: string; key: string }) {
    const [url] = Object.values(sandboxOf(t).dingtalk.callbackRoutes());
    assert.ok(url, "the app registered its card callback route");
    const payload = cardCallbackPayload({ outTrackId: o.taskId, corpId: SANDBOX_DINGTALK.corpId, userId: o.userId, actionId: o.actionId, key: o.key });
    const { headers, body } = cardCallbackRequest(payload, platformSetup(t.config, { serverUrl: t.baseUrl }).cardCallbackSecret, String(t.clock.now()));
    const res = await fetch(url, { method: "POST", headers, body });
    assert.equal(res.status, 200, await res.text());
    await settle(t);
  }

  /** Decides `taskId` on the detail page, as the approver (the mini-app's API). */
  async function decideInApp(staffId: number, taskId: number, body: Record<string, unknown>) {
    return (await t.asStaff(staffId)).post(`/api/v1/approval-tasks/${taskId}/decision`, body);
  }

  /** The one task of `staffId` in the instance. */
  function taskOf(instanceId: number, staffId: number) {
    const task = tasksOf(t, instanceId).find((x) => x.approverStaffId === staffId);
    assert.ok(task, `staff ${staffId} has a task`);
    return task;
  }

  it("head teacher → principal (over ¥500) by card, finance on the page: each card shows what its approver needs, finance's approval books the payout", async () => {
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
      { who: w.head, name: "班主任（1/3）", earlier: [] as [string, string][] },
      { who: w.principal, name: "校长（2/3）", earlier: [["班主任", "王老师 同意"]] as [string, string][] },
      { who: w.finance, name: "财务执行（3/3）", earlier: [["班主任", "王老师 同意"], ["校长", "李校长 同意"]] as [string, string][] },
    ];
    const copies: { userId: string; taskId: string; approver: string }[] = [];
    for (const [index, step] of steps.entries()) {
      await settle(t);
      const delivery = stepDelivery(t, instanceId, index, step.who.id);
      assert.equal(delivery.platform, "dingtalk");
      assert.equal(delivery.status, "sent");
      const userId = w.dt(step.who);
      const card = copyIn(dingtalk.inbox(userId), delivery.taskId);
      copies.push({ userId, taskId: delivery.taskId, approver: step.who.name });
      assert.equal(card.title, "退费审批 · 张小明");
      assert.equal(card.subtitle, `顾问丙 提交 · ${step.name}`, "who asked, and the step's place in the flow");
      const row = (key: string) => card.rows.find((r) => r.key === key)?.value;
      assert.equal(row("学员"), "张小明");
      assert.equal(row("应退"), `${formatMoney(amountFen)}（手续费 ${formatMoney(quote.body.feeFen as number)}）`);
      assert.equal(card.rows.at(-1)?.key, "事由", "事由 on every card");
      assert.equal(row("事由"), "搬家");
      assert.deepEqual(step.earlier.map(([key]) => [key, row(key)]), step.earlier, "the earlier steps' decisions");
      if (index === 0) {
        assert.match(row("明细") ?? "", /剩余 16\.00 课时 × ¥50\.00 = ¥800\.00/, "the breakdown is on the first card");
        assert.match(row("明细") ?? "", /赠送课时 2\.00 课时.*不退/);
      }
      assert.ok(card.rows.length <= 6);
      assert.deepEqual(card.rows.filter((r) => /流水号|打款/.test(r.key)), [], "no payout fields before finance pays");
      const page = `${card.detailUrl}`;
      assert.match(page, new RegExp(`/app/approvals/${instanceId}$`));
      const reject = { url: `${page}?action=reject`, text: "驳回", style: "danger" };
      assert.deepEqual(
        card.buttons,
        index < 2 ? [{ key: "approve", text: "同意", style: "primary" }, reject] : [{ url: `${page}?action=approve`, text: "去填写打款", style: "primary" }, reject],
      );
      assert.equal(card.state, undefined);
      if (index === 2) break;

      assert.equal(t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all().length, 0, "nothing paid back before finance");
      const answer = await dingtalk.click({ userId, taskId: delivery.taskId, actionKey: "approve" });
      assert.equal(answer.status, 200, answer.body);
      await settle(t);
      const [inbound] = inboundFor(t, delivery.taskId);
      assert.equal(inbound?.status, "processed");
      assert.match(inbound?.outcome ?? "", /^approved task \d+/);
      assert.equal(stepRunsOf(t, instanceId)[index]?.status, "approved");
    }

    // Finance cannot approve blind from the card: the button opens the page, and a 同意 callback from
    // an older card books nothing.
    const financeCopy = copies[2];
    assert.ok(financeCopy);
    await assert.rejects(dingtalk.click({ userId: financeCopy.userId, taskId: financeCopy.taskId, actionKey: "approve" }), /sends no callback/);
    await oldStyleClick({ userId: financeCopy.userId, taskId: financeCopy.taskId, actionId: "action1", key: "approve" });
    const [blind] = inboundFor(t, financeCopy.taskId);
    assert.equal(blind?.status, "processed");
    assert.doesNotMatch(blind?.outcome ?? "", /^approved/, blind?.outcome ?? "");
    assert.equal(taskOf(instanceId, w.finance.id).status, "pending");
    assert.equal(instanceRow(t, instanceId).status, "pending");
    assert.equal(t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all().length, 0, "nothing booked blind");
    assert.equal(copyIn(dingtalk.inbox(financeCopy.userId), financeCopy.taskId).state, undefined, "finance's card still asks");

    // On the page: without the payout's reference it is refused; with it, the refund is booked as paid.
    const financeTask = taskOf(instanceId, w.finance.id);
    const bare = await decideInApp(w.finance.id, financeTask.id, { decision: "approve" });
    assert.equal(bare.status, 400, JSON.stringify(bare.body));
    assert.deepEqual(bare.body.error.details.fields.map((f: { path: string }) => f.path), ["fields.payoutReference"]);
    const paid = await decideInApp(w.finance.id, financeTask.id, { decision: "approve", fields: { payoutMethod: "wechat", payoutReference: "4200001234" } });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.status, "approved");
    await settle(t);

    // The flow ended with finance's decision.
    assert.equal(instanceRow(t, instanceId).status, "approved");
    assert.deepEqual(stepRunsOf(t, instanceId).map((r) => [r.stepId, r.status]), [["head_teacher", "approved"], ["principal", "approved"], ["finance", "approved"]]);
    assert.deepEqual(tasksOf(t, instanceId).map((x) => [x.approverStaffId, x.status, x.decidedVia]), [
      [w.head.id, "approved", "card"],
      [w.principal.id, "approved", "card"],
      [w.finance.id, "approved", "app"],
    ]);
    assert.equal(countAction(t, instanceId, "approved"), 3);
    assert.equal(countAction(t, instanceId, "effect_applied"), 1);

    // The refund: ledger operation and entries, the order's refund row with its payout, the order, a clean reconcile.
    const ops = t.database.db.select().from(ledgerOps).where(eq(ledgerOps.studentId, w.student.id)).all().filter((o) => o.kind === "refund");
    assert.equal(ops.length, 1, "one refund operation");
    assert.equal(ops[0]?.actorLabel, "财务甲");
    const entries = t.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.opId, ops[0]?.id ?? 0)).all();
    assert.ok(entries.length > 0, "the refund wrote ledger entries");
    assert.ok(entries.every((e) => e.kind === "refund"));
    const refunds = t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all();
    assert.deepEqual(
      refunds.map((r) => [r.orderId, r.amountFen, r.recordedByLabel, r.payoutStatus, r.payoutMethod, r.payoutReference]),
      [[w.order.id, amountFen, "财务甲", "paid", "wechat", "4200001234"]],
    );
    assert.doesNotMatch(refunds[0]?.reason ?? "", /4200001234/, "the payout is in its columns, not the reason text");
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

  it("the principal's 驳回 opens the page: an old 驳回 callback only refreshes; the reason ends the flow, nothing is refunded, the requester reads it", async () => {
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
    const principalId = w.dt(w.principal);
    await assert.rejects(dingtalk.click({ userId: principalId, taskId: principalCopy.taskId, actionKey: "reject" }), /sends no callback/);

    // A 驳回 callback from a card sent before 驳回 became a link: recorded, nothing decided.
    await oldStyleClick({ userId: principalId, taskId: principalCopy.taskId, actionId: "action2", key: "reject" });
    const [old] = inboundFor(t, principalCopy.taskId);
    assert.equal(old?.status, "processed");
    assert.equal(old?.outcome, "PRECONDITION_FAILED: 驳回须在详情页填写理由");
    assert.equal(taskOf(instanceId, w.principal.id).status, "pending");
    assert.equal(countAction(t, instanceId, "rejected"), 0);
    assert.equal(copyIn(dingtalk.inbox(principalId), principalCopy.taskId).state, undefined, "the card still asks");

    // On the page, with the reason.
    const principalTask = taskOf(instanceId, w.principal.id);
    const bare = await decideInApp(w.principal.id, principalTask.id, { decision: "reject" });
    assert.equal(bare.status, 400, JSON.stringify(bare.body));
    const rejected = await decideInApp(w.principal.id, principalTask.id, { decision: "reject", comment: "已和家长沟通，改为转班" });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    await settle(t);

    assert.equal(instanceRow(t, instanceId).status, "rejected");
    assert.deepEqual(stepRunsOf(t, instanceId).map((r) => [r.stepId, r.status]), [["head_teacher", "approved"], ["principal", "rejected"]]);
    assert.deepEqual(tasksOf(t, instanceId).map((x) => [x.status, x.decidedVia]), [["approved", "card"], ["rejected", "app"]]);
    assert.equal(countAction(t, instanceId, "rejected"), 1);
    assert.equal(countAction(t, instanceId, "effect_applied"), 0);
    assert.equal(t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all().length, 0);
    assert.equal(t.database.db.select().from(ledgerOps).where(eq(ledgerOps.studentId, w.student.id)).all().filter((o) => o.kind === "refund").length, 0);
    assert.equal(t.database.db.select().from(orders).where(eq(orders.id, w.order.id)).get()?.refundedFen, 0);
    assert.deepEqual(reconcileReport({ ctx: t.ctx }).discrepancies, []);

    assert.match(copyIn(dingtalk.inbox(w.dt(w.head)), headCopy.taskId).state ?? "", decidedState("已同意", "王老师"));
    const principalCard = copyIn(dingtalk.inbox(principalId), principalCopy.taskId);
    assert.match(principalCard.state ?? "", decidedState("已驳回", "李校长"));
    assert.deepEqual(principalCard.buttons, []);
    assert.equal(dingtalk.inbox(w.dt(w.finance)).length, 0, "finance never got a card");
    const result = dingtalk.inbox(w.dt(w.advisor)).find((c) => c.title === "退费审批 · 张小明 · 已驳回");
    assert.ok(result, "the requester is told it was rejected");
    assert.match(result.state ?? "", /^已驳回：已和家长沟通，改为转班 · \d{1,2}月\d{1,2}日 \d{2}:\d{2}$/, "with the reason");
    assert.equal(result.rows.find((r) => r.key === "驳回理由")?.value, "已和家长沟通，改为转班");
  });
});
