// The make-up todo over the sandbox platforms: it links to the make-up page, its card shows the
// progress as lessons are arranged (on DingTalk; WeCom keeps its one update for the end), and once
// every leave lesson is arranged or given up it is done on
// both platforms (the WeCom card shows the state line, the DingTalk 待办 is completed); retries change
// nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { outboxMessages } from "../../server/db/schema";
import { makeClass, makeLesson } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";
import { DAY, MON_18, leaveWorld, makeupTodosOf, sandboxOf, settle, stepDelivery } from "../platforms/flow/approvalFlowKit";

describe("the make-up todo closes on both platforms", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("arrange one, give up the other: progress 1/2, then done — WeCom card state, DingTalk todo completed", async () => {
    const w = leaveWorld(t);
    // A second academic staff member of the campus, on WeCom (the first is on DingTalk).
    const onWecom = w.colleague("教务丁", ["academic"]);
    const other = makeClass(t.database.db, { courseId: w.course.id, campusId: w.campus.id, teacherId: w.teacher.id, name: "数学周三班" });
    const wednesday = makeLesson(t.database.db, { classId: other.id, teacherId: w.teacher.id, startsAt: MON_18 + 2 * DAY });
    const [l1, l2] = w.weekly;
    assert.ok(l1 && l2);
    const instanceId = await w.askLeave([l1.id, l2.id]);
    await settle(t);
    const delivery = stepDelivery(t, instanceId, 0, w.teacher.id);
    assert.equal((await sandboxOf(t).wecom.click({ userId: w.wecomId(w.teacher), taskId: delivery.taskId, actionKey: "approve" })).status, 200);
    await settle(t);

    const { wecom, dingtalk } = sandboxOf(t);
    const wecomCard = () => wecom.inbox(w.wecomId(onWecom)).find((c) => c.title === "安排补课 · 王小明");
    const dingtalkCard = () => dingtalk.inbox(w.dingtalkId(w.academic)).find((c) => c.title === "安排补课 · 王小明");
    const dingtalkTodo = () => dingtalk.todos(w.dingtalkId(w.academic))[0];
    assert.deepEqual(makeupTodosOf(t, instanceId).map((x) => x.status), ["open", "open"]);
    assert.match(wecomCard()?.detailUrl ?? "", new RegExp(`/app/makeups/${instanceId}$`), "the card opens the make-up page");
    assert.match(dingtalkTodo()?.detailUrl ?? "", new RegExp(`/app/makeups/${instanceId}$`), "so does the DingTalk todo");
    assert.equal(dingtalkTodo()?.done, false);

    const academic = await t.asStaff(w.academic.id);
    const arranged = await academic.post(`/api/v1/leave-requests/${instanceId}/makeups`, { leaveLessonId: l1.id, makeupLessonId: wednesday.id });
    assert.equal(arranged.status, 201, JSON.stringify(arranged.body));
    assert.equal(arranged.body.remaining, 1);
    await settle(t);
    assert.equal(dingtalkCard()?.rows.find((r) => r.key === "已安排")?.value, "1/2", "the DingTalk copy shows the progress");
    // WeCom updates a button-less card once (one response code, no clicks to bring another): the
    // code is kept for the final state, so the progress does not reach the WeCom copy.
    assert.equal(wecomCard()?.rows.find((r) => r.key === "已安排")?.value, "0/2");
    assert.equal(wecomCard()?.state, undefined);
    assert.equal(dingtalkTodo()?.done, false, "still to do");
    const queued = t.database.db.select().from(outboxMessages).all().length;
    assert.equal((await academic.post(`/api/v1/leave-requests/${instanceId}/makeups`, { leaveLessonId: l1.id, makeupLessonId: wednesday.id })).body.remaining, 1);
    assert.equal(t.database.db.select().from(outboxMessages).all().length, queued, "a retried arrangement updates no card");

    const given = await academic.post(`/api/v1/leave-requests/${instanceId}/makeup/give-up`, { leaveLessonId: l2.id, reason: "家长说不补了" });
    assert.equal(given.status, 200, JSON.stringify(given.body));
    assert.equal(given.body.remaining, 0);
    await settle(t);
    assert.deepEqual(makeupTodosOf(t, instanceId).map((x) => x.status), ["done", "done"]);
    assert.equal(wecomCard()?.state, "已安排 1 · 放弃 1 · 教务乙");
    assert.equal(wecomCard()?.rows.find((r) => r.key === "放弃补课")?.value, "1 节");
    assert.deepEqual(wecomCard()?.buttons, []);
    assert.equal(dingtalkCard()?.state, "已安排 1 · 放弃 1 · 教务乙");
    assert.equal(dingtalkTodo()?.done, true, "the DingTalk 待办 is completed");
    assert.equal(dingtalkTodo()?.deleted, false);

    // Retries (the same arrangement, the same give-up) queue nothing more.
    const rowsBefore = t.database.db.select().from(outboxMessages).all().length;
    assert.equal((await academic.post(`/api/v1/leave-requests/${instanceId}/makeups`, { leaveLessonId: l1.id, makeupLessonId: wednesday.id })).status, 201);
    assert.equal((await academic.post(`/api/v1/leave-requests/${instanceId}/makeup/give-up`, { leaveLessonId: l2.id, reason: "家长说不补了" })).status, 200);
    assert.equal(t.database.db.select().from(outboxMessages).all().length, rowsBefore, "no new card update or todo call");
    await settle(t);
    assert.equal(dingtalkTodo()?.done, true);
    assert.equal(dingtalk.calls.filter((c) => c.api === "/v1.0/todo/users/{unionId}/tasks/{taskId}").length, 1, "completed once");
  });
});
