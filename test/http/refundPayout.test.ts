// The refund's last step (finance) never pays out blind: the card cannot approve it, the page asks for
// the payout as made or 先通过，稍后打款 (待打款), and the payout is recorded later, once. Only finance's
// step sees those fields; the principal's does not.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalTimeline, orderRefunds } from "../../server/db/schema";
import { createOrder } from "../../server/domain/orders/createOrder";
import { recordPayment } from "../../server/domain/orders/recordPayment";
import { decideTask } from "../../server/domain/workflow/decideTask";
import { listPendingPayouts } from "../../server/domain/refunds/pendingPayouts";
import { makeCampus, makeCourse, makePackage, makeStaff, makeStudent, staffActor } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("refund payout", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const head = makeStaff(db, { roles: ["head_teacher"], campusIds: [campus.id], name: "赵雪" });
    const principal = makeStaff(db, { roles: ["principal"], campusIds: [campus.id], name: "王芳" });
    const finance = makeStaff(db, { roles: ["finance"], campusIds: [campus.id], name: "财务甲" });
    const otherCampus = makeCampus(db);
    const outsider = makeStaff(db, { roles: ["finance"], campusIds: [otherCampus.id], name: "别的校区财务" });
    const student = makeStudent(db, { campusId: campus.id, name: "张小明", headTeacherId: head.id });
    const course = makeCourse(db);
    const pkg = makePackage(db, { courseId: course.id, hours: 1000, giftHours: 0, priceFen: 100000, validityDays: 30 });
    const order = createOrder({ ctx: t.ctx, input: { studentId: student.id, items: [{ packageId: pkg.id }] } });
    recordPayment({ ctx: t.ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-payout-${order.id}` } });
    const asHead = await t.asStaff(head.id);
    const asPrincipal = await t.asStaff(principal.id);
    const asFinance = await t.asStaff(finance.id);
    const submitted = await asHead.post("/api/v1/refund-requests", { studentId: student.id, reason: "家长工作调动，搬家到外地", payoutMethod: "wechat" });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const id = submitted.body.id as number;
    // The head teacher asked, so the principal approves the first step (nobody approves their own request).
    const taskOf = async (client: typeof asHead) => {
      const detail = (await client.get(`/api/v1/approvals/${id}`)).body;
      return detail as { myPendingTaskId: number | null; myTaskNeedsForm: boolean; rows: { key: string; value: string }[] };
    };
    return { campus, head, principal, finance, outsider, student, asHead, asPrincipal, asFinance, id, taskOf };
  }

  async function toFinance(w: Awaited<ReturnType<typeof world>>) {
    for (;;) {
      const p = await w.taskOf(w.asPrincipal);
      if (!p.myPendingTaskId) break;
      assert.equal(p.myTaskNeedsForm, false, "the principal's step never shows the payout fields");
      const body = (await w.asPrincipal.post(`/api/v1/approval-tasks/${p.myPendingTaskId}/decision`, { decision: "approve", comment: "情况属实" })).body;
      assert.equal(body.myTaskNeedsForm, false);
    }
    const f = await w.taskOf(w.asFinance);
    assert.ok(f.myPendingTaskId, "finance has the last step");
    assert.equal(f.myTaskNeedsForm, true, "finance's step asks for the payout");
    return f.myPendingTaskId;
  }

  it("a payout field from an earlier step is refused; the principal's approval carries no payout fields", async () => {
    const w = await world();
    const p = await w.taskOf(w.asPrincipal);
    assert.ok(p.myPendingTaskId);
    const refused = await w.asPrincipal.post(`/api/v1/approval-tasks/${p.myPendingTaskId}/decision`, { decision: "approve", fields: { payoutReference: "WX1" } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details.fields[0].path, "fields");
  });

  it("a rejection without a reason is refused, with one the requester's card says 已驳回：<理由>", async () => {
    const w = await world();
    const p = await w.taskOf(w.asPrincipal);
    const bare = await w.asPrincipal.post(`/api/v1/approval-tasks/${p.myPendingTaskId}/decision`, { decision: "reject" });
    assert.equal(bare.status, 400);
    assert.equal(bare.body.error.details.fields[0].path, "comment");
    const ok = await w.asPrincipal.post(`/api/v1/approval-tasks/${p.myPendingTaskId}/decision`, { decision: "reject", comment: "请先与家长确认" });
    assert.equal(ok.status, 200);
    const { cards } = await import("../../server/db/schema");
    const result = t.database.db.select().from(cards).where(eq(cards.refId, String(w.id))).all().find((c) => c.kind === "approval_result");
    assert.match((result?.model as { state?: string }).state ?? "", /^已驳回：请先与家长确认 · /);
  });

  it("finance cannot approve from the card; without a reference the page refuses; 先通过，稍后打款 leaves it 待打款 until recorded once", async () => {
    const w = await world();
    const taskId = await toFinance(w);
    const financeCtx = { ...t.ctx, actor: staffActor(w.finance, ["finance"], [w.campus.id]) };
    assert.throws(() => decideTask({ ctx: financeCtx, input: { taskId, decision: "approve", via: "card" } }), (e: Error & { code?: string }) => e.code === "PRECONDITION_FAILED");

    const blind = await w.asFinance.post(`/api/v1/approval-tasks/${taskId}/decision`, { decision: "approve" });
    assert.equal(blind.status, 400);
    assert.equal(blind.body.error.details.fields[0].path, "fields.payoutReference");

    const later = await w.asFinance.post(`/api/v1/approval-tasks/${taskId}/decision`, { decision: "approve", fields: { payLater: true } });
    assert.equal(later.status, 200, JSON.stringify(later.body));
    assert.equal(later.body.status, "approved");
    assert.equal(later.body.payoutPending, true);
    assert.ok((later.body.rows as { key: string; value: string }[]).some((r) => r.key === "打款" && r.value === "待打款"));
    const rows = t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all();
    assert.deepEqual(rows.map((r) => [r.payoutStatus, r.payoutReference, r.paidAt]), [["pending", null, null]]);
    assert.doesNotMatch(rows[0]?.reason ?? "", /XG-RF|微信/, "the payout is not written into the reason");

    const pending = listPendingPayouts({ ctx: financeCtx, input: {} });
    assert.deepEqual(pending.items.map((i) => [i.instanceId, i.studentName]), [[w.id, "张小明"]]);
    const outsiderCtx = { ...t.ctx, actor: staffActor(w.outsider, ["finance"], []) };
    assert.deepEqual(listPendingPayouts({ ctx: outsiderCtx, input: {} }).items, [], "another campus's finance does not see it");
    const listed = await w.asFinance.get("/api/v1/refund-payouts/pending");
    assert.equal(listed.status, 200);
    assert.ok((listed.body.items as { instanceId: number }[]).some((i) => i.instanceId === w.id));

    const noRef = await w.asFinance.post(`/api/v1/refund-requests/${w.id}/payout`, { payoutMethod: "wechat" });
    assert.equal(noRef.status, 400);
    assert.equal(noRef.body.error.details.fields[0].path, "reference");
    const asPrincipalPays = await (await t.asStaff(w.head.id)).post(`/api/v1/refund-requests/${w.id}/payout`, { payoutMethod: "wechat", reference: "WX-1" });
    assert.equal(asPrincipalPays.status, 403, "only who may execute refunds records payouts");

    const paid = await w.asFinance.post(`/api/v1/refund-requests/${w.id}/payout`, { payoutMethod: "wechat", reference: "4200001234" });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.payoutPending, false);
    const after = t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all();
    assert.deepEqual(after.map((r) => [r.payoutStatus, r.payoutMethod, r.payoutReference, r.paidByLabel]), [["paid", "wechat", "4200001234", "财务甲"]]);
    const timeline = t.database.db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, w.id)).all();
    assert.ok(timeline.some((r) => r.comment === "已打款：微信 4200001234"));

    const twice = await w.asFinance.post(`/api/v1/refund-requests/${w.id}/payout`, { payoutMethod: "wechat", reference: "4200001234" });
    assert.equal(twice.status, 409);
    assert.deepEqual(listPendingPayouts({ ctx: financeCtx, input: {} }).items, []);
  });

  it("finance paying on approval books it paid with the reference entered", async () => {
    const w = await world();
    const taskId = await toFinance(w);
    const done = await w.asFinance.post(`/api/v1/approval-tasks/${taskId}/decision`, { decision: "approve", fields: { payoutMethod: "bank_transfer", payoutReference: "ICBC-0042" } });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const rows = t.database.db.select().from(orderRefunds).where(eq(orderRefunds.studentId, w.student.id)).all();
    assert.deepEqual(rows.map((r) => [r.payoutStatus, r.payoutMethod, r.payoutReference]), [["paid", "bank_transfer", "ICBC-0042"]]);
    const timeline = done.body.timeline as { action: string; actorLabel: string }[];
    assert.equal(timeline.find((e) => e.action === "effect_applied")?.actorLabel, "系统自动执行");
    const payout = await w.asFinance.post(`/api/v1/refund-requests/${w.id}/payout`, { payoutMethod: "bank_transfer", reference: "again" });
    assert.equal(payout.status, 409, "already paid");
  });
});
