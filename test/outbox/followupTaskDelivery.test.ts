// Follow-up tasks end to end over the sandbox platforms: the nightly scan (run now by an admin) opens a
// renewal for a DingTalk advisor (a 待办 plus its card) and a WeCom advisor (a card with the outcome
// buttons), none delivered while the campus is closed; the WeCom outcome button records the outcome
// and the card shows it; the same outcome from the mini-app API completes the DingTalk todo and its
// card; a reminder planned for a day, found at night, waits for the campus to open.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, inArray } from "drizzle-orm";
import { cardDeliveries, cards, followupTasks, outboxMessages, todos } from "../../server/db/schema";
import { createFollowup } from "../../server/domain/followups/createFollowup";
import { createOrder } from "../../server/domain/orders/createOrder";
import { recordPayment } from "../../server/domain/orders/recordPayment";
import { outcomeKey } from "../../cards/followupTaskCard";
import { enroll, makeCampus, makeClass, makeCourse, makePackage, makeStaff, makeStudent, staffActor } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";
import { sandboxOf, settle, uniq } from "../platforms/flow/approvalFlowKit";

const HOUR = 3_600_000;
/** 13:30 on T0's Monday: the shipped calendar opens weekdays at 13:30 (T0 is 09:00, closed). */
const OPENS = T0 + 4.5 * HOUR;

function world(t: TestApp) {
  const db = t.database.db;
  const u = uniq();
  const campus = makeCampus(db);
  const onDingtalk = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问钉", dingtalkUserId: `dt_adv${u}`, dingtalkUnionId: `union_adv${u}` });
  const onWecom = makeStaff(db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问微", wecomUserId: `Adv${u}` });
  const teacher = makeStaff(db, { roles: ["teacher"], campusIds: [campus.id], name: "李老师", wecomUserId: `T${u}` });
  const course = makeCourse(db, { name: `英语${u}`, hoursPerLesson: 200 });
  const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
  const pkg = makePackage(db, { courseId: course.id, hours: 300, giftHours: 0, priceFen: 60000 });
  const student = (name: string, advisorId: number) => {
    const s = makeStudent(db, { campusId: campus.id, name, advisorId });
    enroll(db, klass.id, s.id);
    const order = createOrder({ ctx: t.ctx, input: { studentId: s.id, items: [{ packageId: pkg.id }] } });
    recordPayment({ ctx: t.ctx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `tx-${u}-${s.id}` } });
    return s;
  };
  return { campus, onDingtalk, onWecom, dtStudent: student("钉学员", onDingtalk.id), wxStudent: student("微学员", onWecom.id) };
}

const taskOf = (t: TestApp, studentId: number) => {
  const task = t.database.db.select().from(followupTasks).where(eq(followupTasks.studentId, studentId)).get();
  assert.ok(task, `student ${studentId} has a task`);
  return task;
};

describe("follow-up tasks over the sandbox platforms", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("renewal: DingTalk todo + card and WeCom card after opening; the card button and the mini-app record the outcome", async () => {
    const w = world(t);
    const run = await t.admin.post("/api/v1/jobs/service-scan/run");
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const dtTask = taskOf(t, w.dtStudent.id);
    const wxTask = taskOf(t, w.wxStudent.id);
    // Closed at 09:00: nothing about the tasks is due before the campus opens at 13:30.
    const cardIds = t.database.db.select({ id: cards.id }).from(cards).where(and(eq(cards.refType, "followup_task"), inArray(cards.refId, [String(dtTask.id), String(wxTask.id)]))).all();
    const todoIds = t.database.db.select({ id: todos.id }).from(todos).where(inArray(todos.refId, [String(dtTask.id), String(wxTask.id)])).all();
    const deliveryIds = t.database.db.select({ id: cardDeliveries.id }).from(cardDeliveries).where(inArray(cardDeliveries.cardId, cardIds.map((c) => c.id))).all();
    const keys = [...deliveryIds.map((d) => `card.send:${d.id}`), ...todoIds.map((x) => `todo.create:${x.id}`)];
    const rows = t.database.db.select().from(outboxMessages).where(inArray(outboxMessages.dedupeKey, keys)).all();
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => r.nextAttemptAt === OPENS), "quiet hours: due at 13:30");
    await settle(t);
    const { wecom, dingtalk } = sandboxOf(t);
    assert.equal(dingtalk.todos(w.onDingtalk.dingtalkUserId ?? "").length, 0, "not yet delivered");

    t.clock.set(OPENS);
    await settle(t);
    const dtTodo = () => dingtalk.todos(w.onDingtalk.dingtalkUserId ?? "")[0];
    const dtCard = () => dingtalk.inbox(w.onDingtalk.dingtalkUserId ?? "").find((c) => c.title === "续费跟进 · 钉学员");
    const wxCard = () => wecom.inbox(w.onWecom.wecomUserId ?? "").find((c) => c.title === "续费跟进 · 微学员");
    assert.match(dtTodo()?.detailUrl ?? "", new RegExp(`/app/followups/${dtTask.id}$`));
    assert.equal(dtTodo()?.done, false);
    assert.ok(dtCard(), "the DingTalk advisor has the card too");
    assert.equal(dtCard()?.rows.find((r) => r.key === "预收金额")?.value, "¥600.00");
    assert.deepEqual(wxCard()?.buttons.map((b) => b.text), ["已联系", "有意向", "暂不续费"]);

    // WeCom: the 已联系 button records the outcome and the card shows it.
    const delivery = t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.staffId, w.onWecom.id)).get();
    assert.ok(delivery);
    const clicked = await wecom.click({ userId: w.onWecom.wecomUserId ?? "", taskId: delivery.taskId, actionKey: outcomeKey("contacted") });
    assert.equal(clicked.status, 200);
    await settle(t);
    assert.equal(taskOf(t, w.wxStudent.id).outcome, "contacted");
    assert.match(wxCard()?.state ?? "", /^已联系 · 顾问微 · /);
    assert.deepEqual(wxCard()?.buttons, []);

    // DingTalk: the same kind of outcome from the mini-app (with its reason) completes the todo and the card.
    const asAdvisor = await t.asStaff(w.onDingtalk.id);
    const mine = await asAdvisor.get("/api/v1/followup-tasks");
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.items.map((i: { id: number }) => i.id), [dtTask.id]);
    assert.equal((await asAdvisor.post(`/api/v1/followup-tasks/${dtTask.id}/outcome`, { outcome: "declined" })).status, 400);
    const recorded = await asAdvisor.post(`/api/v1/followup-tasks/${dtTask.id}/outcome`, { outcome: "declined", reason: "price", note: "嫌贵" });
    assert.equal(recorded.status, 200, JSON.stringify(recorded.body));
    assert.equal(recorded.body.outcomeLabel, "暂不续费");
    assert.equal(recorded.body.reasonLabel, "价格");
    await settle(t);
    assert.equal(dtTodo()?.done, true, "the DingTalk 待办 is completed");
    assert.match(dtCard()?.state ?? "", /^暂不续费（价格） · 顾问钉 · /);
    const twice = await asAdvisor.post(`/api/v1/followup-tasks/${dtTask.id}/outcome`, { outcome: "contacted" });
    assert.equal(twice.status, 409);
    assert.match(twice.body.error?.message ?? JSON.stringify(twice.body), /已由 顾问钉/);
  });

  it("a reminder found at night waits for the campus to open the next afternoon", async () => {
    const w = world(t);
    const asAdvisor = { ...t.ctx, actor: staffActor(w.onWecom, ["advisor"], [w.campus.id]) };
    createFollowup({ ctx: asAdvisor, input: { studentId: w.wxStudent.id, channel: "phone", content: "家长说晚上再聊", nextFollowupDate: "2026-03-02" } });
    const night = T0 + 13 * HOUR; // 22:00, after closing
    t.clock.set(night);
    assert.equal((await t.admin.post("/api/v1/jobs/followup-reminders/run")).status, 200);
    const task = t.database.db.select().from(followupTasks).where(and(eq(followupTasks.studentId, w.wxStudent.id), eq(followupTasks.kind, "reminder"))).get();
    assert.ok(task);
    const card = t.database.db.select().from(cards).where(and(eq(cards.refType, "followup_task"), eq(cards.refId, String(task.id)))).get();
    const delivery = t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, card?.id ?? 0)).get();
    const row = t.database.db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, `card.send:${delivery?.id}`)).get();
    assert.equal(row?.nextAttemptAt, OPENS + 24 * HOUR, "Tuesday 13:30");
  });
});
