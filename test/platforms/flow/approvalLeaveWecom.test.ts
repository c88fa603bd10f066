// Issue 6 end to end over real HTTP with the sandbox WeCom: a leave request's card reaches the lesson's
// teacher, the click comes back as the encrypted template_card_event, and the decision counts once —
// however often WeCom replays it, whoever else clicks, and whenever two approvers click together —
// with every copy of the card showing the truth afterwards. 驳回 is a link to the detail page (a
// rejection needs a reason): the reason given there reaches every card, and an old 驳回 callback
// decides nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalInstances, attendanceEvents, cardDeliveries, outboxMessages } from "../../../server/db/schema";
import { startTestApp, type TestApp } from "../../helpers/testApp";
import {
  attendanceOf,
  copyIn,
  countAction,
  decidedState,
  inboundFor,
  instanceRow,
  leaveWorld,
  makeupTodosOf,
  postSigned,
  responseCodeOf,
  sandboxOf,
  settle,
  signedWecomClick,
  stepDelivery,
  tasksOf,
  timelineOf,
  wecomUpdates,
} from "./approvalFlowKit";

const attendanceEventCount = (t: TestApp, attendanceIds: number[]) =>
  t.database.db.select().from(attendanceEvents).all().filter((e) => attendanceIds.includes(e.attendanceId)).length;

describe("leave approved and rejected from the WeCom card", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("the teacher's card arrives, 同意 becomes the decision: leave recorded, make-up todo opened, every card updated", async () => {
    const w = leaveWorld(t);
    const wecom = sandboxOf(t).wecom;
    const lessonIds = [w.weekly[0]?.id ?? 0, w.weekly[1]?.id ?? 0];
    const instanceId = await w.askLeave(lessonIds);
    await settle(t);

    // The card as the teacher's WeCom shows it.
    const delivery = stepDelivery(t, instanceId, 0, w.teacher.id);
    assert.equal(delivery.platform, "wecom");
    assert.equal(delivery.status, "sent");
    const card = copyIn(wecom.inbox(w.wecomId(w.teacher)), delivery.taskId);
    assert.equal(card.title, "请假审批 · 王小明");
    assert.equal(card.subtitle, "顾问丙 提交 · 任课老师（1/1）", "who asked, and the step's place in the flow");
    assert.deepEqual(card.rows.map((r) => r.key), ["学员", "课程", "课次", "类型", "事由"]);
    assert.equal(card.rows[0]?.value, "王小明");
    assert.equal(card.rows[1]?.value, w.course.name);
    assert.match(card.rows[2]?.value ?? "", /3月9日/);
    assert.equal(card.rows[4]?.value, "发烧");
    assert.match(card.detailUrl ?? "", new RegExp(`/app/approvals/${instanceId}$`));
    assert.deepEqual(card.buttons, [
      { key: "approve", text: "同意", style: "primary" },
      { url: `${card.detailUrl}?action=reject`, text: "驳回", style: "danger" },
    ], "同意 calls back; 驳回 opens the detail page's reject dialog");
    assert.equal(card.state, undefined);

    const updatesBefore = wecomUpdates(t).length;
    const answer = await wecom.click({ userId: w.wecomId(w.teacher), taskId: delivery.taskId, actionKey: "approve" });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, "", "acknowledged at once with an empty 200; the work follows");
    await t.runtime.inbound.idle();

    // The click, as recorded: processed, and the fresh response code WeCom issued with it kept on the copy.
    const [row] = inboundFor(t, delivery.taskId);
    assert.equal(row?.status, "processed");
    assert.match(row?.outcome ?? "", /^approved task \d+; instance \d+ approved$/);
    const clickCode = (row?.event as { responseCode?: string }).responseCode;
    assert.ok(clickCode, "the click carried a ResponseCode");
    assert.notEqual(clickCode, delivery.responseCode, "a click brings a new code, not the send's");
    const kept = t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.id, delivery.id)).get();
    assert.equal(kept?.responseCode, clickCode);

    // The effects.
    assert.equal(instanceRow(t, instanceId).status, "approved");
    const tasks = tasksOf(t, instanceId);
    assert.deepEqual(tasks.map((x) => [x.approverStaffId, x.status, x.decidedVia]), [[w.teacher.id, "approved", "card"]]);
    const marks = attendanceOf(t, w.student.id, lessonIds);
    assert.deepEqual(marks.map((a) => [a.lessonId, a.status]), lessonIds.map((id) => [id, "leave"]));
    assert.ok(marks.every((a) => a.ledgerOpId === null), "the course does not deduct on leave");
    const makeups = makeupTodosOf(t, instanceId);
    assert.deepEqual(makeups.map((x) => [x.staffId, x.status]), [[w.academic.id, "open"]]);

    await settle(t);
    // update_template_card went out with the click's code, and WeCom took it.
    const updates = wecomUpdates(t).slice(updatesBefore);
    const teacherUpdate = updates.find((c) => responseCodeOf(c) === clickCode);
    assert.ok(teacherUpdate, `an update used the click's code (codes used: ${updates.map(responseCodeOf).join(", ")})`);
    assert.equal(teacherUpdate.errorCode, undefined);
    assert.deepEqual((teacherUpdate.request as { userids?: string[] }).userids, [w.wecomId(w.teacher)]);
    assert.equal(updates.filter((c) => c.errorCode !== undefined).length, 0);

    const decided = copyIn(wecom.inbox(w.wecomId(w.teacher)), delivery.taskId);
    assert.match(decided.state ?? "", decidedState("已同意", "李老师"));
    assert.equal(decided.state, "已同意 · 李老师 · 3月2日 09:00");
    assert.deepEqual(decided.buttons, []);
    assert.equal(decided.updates, 1);

    // The make-up todo reached academic affairs (here on DingTalk: card and todo list); the advisor who
    // asked got the result on WeCom.
    const dingtalk = sandboxOf(t).dingtalk;
    const makeupCard = dingtalk.inbox(w.dingtalkId(w.academic)).find((c) => c.title === "安排补课 · 王小明");
    assert.ok(makeupCard, "the make-up card is in the academic staff member's inbox");
    assert.equal(makeupCard.rows.find((r) => r.key === "已安排")?.value, "0/2");
    const [todo] = dingtalk.todos(w.dingtalkId(w.academic));
    assert.match(todo?.subject ?? "", /^为 王小明 安排补课（数学\S* 3月9日.* 等 2 次）$/);
    assert.equal(todo?.done, false);
    const result = wecom.inbox(w.wecomId(w.advisor)).find((c) => c.title === "请假审批 · 王小明 · 已通过");
    assert.ok(result, "the requester's result card arrived");
    assert.match(result.state ?? "", /^已通过 · 3月2日 09:00$/);
    assert.deepEqual(result.buttons, []);
  });

  it("驳回 opens the page: an old 驳回 callback only refreshes; the reason given in the app rejects and reaches every card", async () => {
    const w = leaveWorld(t, { teacherName: "赵老师" });
    const wecom = sandboxOf(t).wecom;
    const teacherId = w.wecomId(w.teacher);
    const lessonIds = [w.weekly[2]?.id ?? 0];
    const instanceId = await w.askLeave(lessonIds, "家里有事");
    await settle(t);
    const delivery = stepDelivery(t, instanceId, 0, w.teacher.id);
    const reject = copyIn(wecom.inbox(teacherId), delivery.taskId).buttons.find((b) => b.text === "驳回");
    assert.equal(reject?.key, undefined, "驳回 sends WeCom no callback key");
    assert.match(reject?.url ?? "", new RegExp(`/app/approvals/${instanceId}\\?action=reject$`));
    await assert.rejects(wecom.click({ userId: teacherId, taskId: delivery.taskId, actionKey: "reject" }), /has no button "reject"/);

    // A 驳回 callback from an older card (or a client that calls back anyway): recorded, nothing
    // decided, and the card, unchanged, is not re-sent: its WeCom response code is kept for the decision.
    assert.ok(delivery.responseCode);
    const updatesBefore = wecomUpdates(t).length;
    const old = signedWecomClick(t, { userId: teacherId, taskId: delivery.taskId, actionKey: "reject", responseCode: delivery.responseCode, nonce: "oldreject" });
    assert.equal((await postSigned(t, old)).status, 200);
    await settle(t);
    const [click] = inboundFor(t, delivery.taskId);
    assert.equal(click?.status, "processed");
    assert.equal(click?.outcome, "PRECONDITION_FAILED: 驳回须在详情页填写理由");
    assert.deepEqual(tasksOf(t, instanceId).map((x) => x.status), ["pending"]);
    assert.equal(countAction(t, instanceId, "rejected"), 0);
    assert.equal(instanceRow(t, instanceId).status, "pending");
    assert.equal(wecomUpdates(t).length, updatesBefore, "nothing changed, nothing re-sent");
    const still = copyIn(wecom.inbox(teacherId), delivery.taskId);
    assert.equal(still.state, undefined, "the card still asks");
    assert.deepEqual(still.buttons.map((b) => b.text), ["同意", "驳回"]);

    // On the page: a rejection without a reason is refused; with one, it rejects.
    const [task] = tasksOf(t, instanceId);
    assert.ok(task);
    const asTeacher = await t.asStaff(w.teacher.id);
    const bare = await asTeacher.post(`/api/v1/approval-tasks/${task.id}/decision`, { decision: "reject" });
    assert.equal(bare.status, 400, JSON.stringify(bare.body));
    assert.deepEqual(bare.body.error.details.fields.map((f: { path: string }) => f.path), ["comment"]);
    const rejected = await asTeacher.post(`/api/v1/approval-tasks/${task.id}/decision`, { decision: "reject", comment: "这周有期中测验，不能请假" });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    await settle(t);

    assert.equal(instanceRow(t, instanceId).status, "rejected");
    assert.deepEqual(tasksOf(t, instanceId).map((x) => [x.status, x.decidedVia, x.comment]), [["rejected", "app", "这周有期中测验，不能请假"]]);
    assert.equal(countAction(t, instanceId, "rejected"), 1);
    assert.deepEqual(attendanceOf(t, w.student.id, lessonIds), [], "no attendance written");
    assert.deepEqual(makeupTodosOf(t, instanceId), []);
    const card = copyIn(wecom.inbox(teacherId), delivery.taskId);
    assert.match(card.state ?? "", decidedState("已驳回", "赵老师"));
    assert.deepEqual(card.buttons, []);
    const result = wecom.inbox(w.wecomId(w.advisor)).find((c) => c.title === "请假审批 · 王小明 · 已驳回");
    assert.ok(result, "the requester is told it was rejected");
    // WeCom's grey state line is short: the reason comes first, and the whole of it is in its row.
    assert.match(result.state ?? "", /^已驳回：这周有期中测验，不能请假 · /, "with the reason");
    assert.equal(result.rows.find((r) => r.key === "驳回理由")?.value, "这周有期中测验，不能请假");
  });
});

describe("the make-up todo card for academic affairs on WeCom", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it(
    "reaches the academic staff member's WeCom after the leave is approved from the card",
    async () => {
      const w = leaveWorld(t, { academicOn: "wecom" });
      const instanceId = await w.askLeave([w.weekly[0]?.id ?? 0]);
      await settle(t);
      const delivery = stepDelivery(t, instanceId, 0, w.teacher.id);
      assert.equal((await sandboxOf(t).wecom.click({ userId: w.wecomId(w.teacher), taskId: delivery.taskId, actionKey: "approve" })).status, 200);
      await settle(t, { expectClean: false });
      assert.equal(instanceRow(t, instanceId).status, "approved");
      assert.equal(makeupTodosOf(t, instanceId).length, 1, "the todo row exists");
      const dead = t.database.db.select().from(outboxMessages).all().filter((r) => r.status === "dead");
      assert.deepEqual(dead.map((r) => [r.kind, r.lastErrorCode, r.lastError]), [], "no outbox row died");
      const card = sandboxOf(t).wecom.inbox(w.wecomId(w.academic)).find((c) => c.title === "安排补课 · 王小明");
      assert.ok(card, "the make-up card is in the academic staff member's WeCom");
    },
  );
});

describe("a leave decision counts exactly once", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** Saves a leave flow of one any-one (或签) step with these two approvers, through the API. */
  async function pairFlow(a: number, b: number) {
    const res = await t.admin.put("/api/v1/approval-definitions/leave", {
      name: "请假审批（双人）",
      steps: [{ id: "pair", name: "两位老师", approvers: { staffIds: [a, b] }, mode: "any" }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  it("(a) the same signed approve callback three times: one inbound row, one decision, one effect, one update", async () => {
    const w = leaveWorld(t);
    const lessonIds = [w.weekly[0]?.id ?? 0];
    const instanceId = await w.askLeave(lessonIds);
    await settle(t);
    const delivery = stepDelivery(t, instanceId, 0, w.teacher.id);
    assert.ok(delivery.responseCode, "the send's response code is kept");
    const updatesBefore = wecomUpdates(t).length;

    const click = signedWecomClick(t, { userId: w.wecomId(w.teacher), taskId: delivery.taskId, actionKey: "approve", responseCode: delivery.responseCode, nonce: "replay6" });
    for (let i = 0; i < 3; i++) {
      const res = await postSigned(t, click);
      assert.equal(res.status, 200, `delivery ${i + 1} acknowledged`);
    }
    await settle(t);

    const rows = inboundFor(t, delivery.taskId);
    assert.equal(rows.length, 1, "one inbound row for three deliveries");
    assert.equal(rows[0]?.status, "processed");
    assert.deepEqual(tasksOf(t, instanceId).map((x) => x.status), ["approved"]);
    assert.equal(countAction(t, instanceId, "approved"), 1);
    assert.deepEqual(
      timelineOf(t, instanceId).map((r) => r.action),
      ["submitted", "step_started", "approved", "step_approved", "completed", "effect_applied"],
      "one decision, one effect in the timeline",
    );
    assert.equal(instanceRow(t, instanceId).status, "approved");
    const marks = attendanceOf(t, w.student.id, lessonIds);
    assert.deepEqual(marks.map((a) => a.status), ["leave"]);
    assert.equal(attendanceEventCount(t, marks.map((a) => a.id)), 1, "one attendance change");
    assert.equal(makeupTodosOf(t, instanceId).length, 1, "one make-up todo");

    const updates = wecomUpdates(t).slice(updatesBefore).filter((c) => (c.request as { userids?: string[] }).userids?.includes(w.wecomId(w.teacher)));
    assert.equal(updates.length, 1, "the teacher's copy was updated once");
    assert.equal(responseCodeOf(updates[0]), delivery.responseCode);
    assert.equal(updates[0]?.errorCode, undefined);
    const card = copyIn(sandboxOf(t).wecom.inbox(w.wecomId(w.teacher)), delivery.taskId);
    assert.match(card.state ?? "", decidedState("已同意", "李老师"));
  });

  it("(b) a stranger's validly signed click on the teacher's copy is recorded and ignored: no decision", async () => {
    const w = leaveWorld(t);
    const stranger = w.colleague("路人甲");
    const lessonIds = [w.weekly[1]?.id ?? 0];
    const instanceId = await w.askLeave(lessonIds);
    await settle(t);
    const delivery = stepDelivery(t, instanceId, 0, w.teacher.id);
    const updatesBefore = t.database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "card.update")).all().length;

    const forged = signedWecomClick(t, { userId: w.wecomId(stranger), taskId: delivery.taskId, actionKey: "approve", responseCode: "stranger-code", nonce: "stranger6" });
    const res = await postSigned(t, forged);
    assert.equal(res.status, 200, "acknowledged, so WeCom stops retrying");
    await settle(t);

    const [row] = inboundFor(t, delivery.taskId);
    assert.equal(row?.status, "ignored");
    assert.equal(row?.outcome, "clicker is not this card's recipient");
    assert.deepEqual(tasksOf(t, instanceId).map((x) => x.status), ["pending"]);
    assert.equal(countAction(t, instanceId, "approved"), 0);
    assert.equal(instanceRow(t, instanceId).status, "pending");
    assert.deepEqual(attendanceOf(t, w.student.id, lessonIds), []);
    const kept = t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.id, delivery.id)).get();
    assert.equal(kept?.responseCode, delivery.responseCode, "the stranger's code is not kept on the teacher's copy");
    assert.equal(t.database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "card.update")).all().length, updatesBefore, "no card changed");
    const card = copyIn(sandboxOf(t).wecom.inbox(w.wecomId(w.teacher)), delivery.taskId);
    assert.equal(card.state, undefined, "the teacher's copy still asks");
    assert.equal(sandboxOf(t).wecom.inbox(w.wecomId(stranger)).length, 0, "the stranger never had a copy");

    // The real approver still can.
    assert.equal((await sandboxOf(t).wecom.click({ userId: w.wecomId(w.teacher), taskId: delivery.taskId, actionKey: "approve" })).status, 200);
    await settle(t);
    assert.equal(instanceRow(t, instanceId).status, "approved");
    assert.equal(countAction(t, instanceId, "approved"), 1);
  });

  it("(c) two approvers of an any-one step click 同意 at the same moment: one approved, one cancelled, both copies say who", async () => {
    const w = leaveWorld(t);
    const a = w.colleague("钱老师");
    const b = w.colleague("孙老师");
    await pairFlow(a.id, b.id);
    const lessonIds = [w.weekly[0]?.id ?? 0, w.weekly[1]?.id ?? 0];
    const instanceId = await w.askLeave(lessonIds);
    await settle(t);
    const da = stepDelivery(t, instanceId, 0, a.id);
    const db = stepDelivery(t, instanceId, 0, b.id);
    const wecom = sandboxOf(t).wecom;
    assert.deepEqual(copyIn(wecom.inbox(w.wecomId(a)), da.taskId).buttons.map((x) => x.text), ["同意", "驳回"]);
    assert.deepEqual(copyIn(wecom.inbox(w.wecomId(b)), db.taskId).buttons.map((x) => x.text), ["同意", "驳回"]);

    const answers = await Promise.all([
      wecom.click({ userId: w.wecomId(a), taskId: da.taskId, actionKey: "approve" }),
      wecom.click({ userId: w.wecomId(b), taskId: db.taskId, actionKey: "approve" }),
    ]);
    assert.deepEqual(answers.map((x) => x.status), [200, 200]);
    await settle(t);

    const tasks = tasksOf(t, instanceId);
    assert.deepEqual(tasks.map((x) => x.status).sort(), ["approved", "cancelled"]);
    const winnerTask = tasks.find((x) => x.status === "approved");
    const winner = winnerTask?.approverStaffId === a.id ? a : b;
    assert.equal(countAction(t, instanceId, "approved"), 1, "one decision in the timeline");
    assert.equal(countAction(t, instanceId, "effect_applied"), 1, "one effect");
    assert.equal(instanceRow(t, instanceId).status, "approved");
    const marks = attendanceOf(t, w.student.id, lessonIds);
    assert.deepEqual(marks.map((x) => x.status), ["leave", "leave"]);
    assert.equal(attendanceEventCount(t, marks.map((x) => x.id)), 2, "each lesson marked once");
    assert.equal(makeupTodosOf(t, instanceId).length, 1);
    const rows = [...inboundFor(t, da.taskId), ...inboundFor(t, db.taskId)];
    assert.deepEqual(rows.map((r) => r.status), ["processed", "processed"], "both clicks were recorded and processed");
    const outcomes = rows.map((r) => r.outcome ?? "");
    assert.equal(outcomes.filter((o) => /^approved task/.test(o)).length, 1);
    assert.equal(outcomes.filter((o) => o.startsWith(`CONFLICT: 已处理：已同意 · ${winner.name}`)).length, 1);

    for (const [who, d] of [[a, da], [b, db]] as const) {
      const card = copyIn(wecom.inbox(w.wecomId(who)), d.taskId);
      assert.match(card.state ?? "", decidedState("已同意", winner.name), `${who.name}'s copy names the winner`);
      assert.deepEqual(card.buttons, []);
    }
    const first = copyIn(wecom.inbox(w.wecomId(a)), da.taskId).state;
    assert.equal(copyIn(wecom.inbox(w.wecomId(b)), db.taskId).state, first, "both copies show the same state");
  });

  it("(d) a click on a step already decided: no second decision, and the clicker's copy shows the current state", async () => {
    const w = leaveWorld(t);
    const a = w.colleague("周老师");
    const b = w.colleague("吴老师");
    await pairFlow(a.id, b.id);
    const lessonIds = [w.weekly[2]?.id ?? 0];
    const instanceId = await w.askLeave(lessonIds);
    await settle(t);
    const da = stepDelivery(t, instanceId, 0, a.id);
    const db = stepDelivery(t, instanceId, 0, b.id);
    const wecom = sandboxOf(t).wecom;

    // A decides; B's WeCom has not been updated yet, so B still sees the buttons and presses 同意 too.
    assert.equal((await wecom.click({ userId: w.wecomId(a), taskId: da.taskId, actionKey: "approve" })).status, 200);
    await t.runtime.inbound.idle();
    assert.equal(instanceRow(t, instanceId).status, "approved");
    assert.equal(copyIn(wecom.inbox(w.wecomId(b)), db.taskId).state, undefined);
    assert.equal((await wecom.click({ userId: w.wecomId(b), taskId: db.taskId, actionKey: "approve" })).status, 200);
    await t.runtime.inbound.idle();
    const [late] = inboundFor(t, db.taskId);
    assert.match(late?.outcome ?? "", /^CONFLICT: 已处理：已同意 · 周老师/);
    const bCode = (late?.event as { responseCode?: string }).responseCode;
    const updatesBefore = wecomUpdates(t).length;
    await settle(t);

    assert.deepEqual(tasksOf(t, instanceId).map((x) => [x.approverStaffId, x.status]), [[a.id, "approved"], [b.id, "cancelled"]]);
    assert.equal(countAction(t, instanceId, "approved"), 1);
    assert.equal(countAction(t, instanceId, "rejected"), 0);
    assert.equal(instanceRow(t, instanceId).status, "approved");
    const bCard = copyIn(wecom.inbox(w.wecomId(b)), db.taskId);
    assert.match(bCard.state ?? "", decidedState("已同意", "周老师"), "B's copy shows A's decision");
    assert.deepEqual(bCard.buttons, []);
    const bUpdate = wecomUpdates(t).slice(updatesBefore).find((c) => (c.request as { userids?: string[] }).userids?.includes(w.wecomId(b)));
    assert.equal(responseCodeOf(bUpdate), bCode, "B's copy was updated with the code of B's own click");

    // A's WeCom client sends a late second click after the card changed (a new callback a minute later).
    t.clock.advance(60_000);
    const again = signedWecomClick(t, { userId: w.wecomId(a), taskId: da.taskId, actionKey: "approve", responseCode: "late-code", nonce: "late6" });
    assert.equal((await postSigned(t, again)).status, 200);
    await settle(t);
    const rows = inboundFor(t, da.taskId);
    assert.equal(rows.length, 2);
    assert.match(rows[1]?.outcome ?? "", /^CONFLICT: 已处理：已同意 · 周老师/);
    assert.equal(countAction(t, instanceId, "approved"), 1, "still one decision");
    assert.deepEqual(attendanceOf(t, w.student.id, lessonIds).map((x) => x.status), ["leave"]);
    assert.match(copyIn(wecom.inbox(w.wecomId(a)), da.taskId).state ?? "", decidedState("已同意", "周老师"));
    assert.equal(t.database.db.select().from(approvalInstances).where(eq(approvalInstances.id, instanceId)).get()?.status, "approved");
  });
});
