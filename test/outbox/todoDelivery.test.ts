import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { absoluteUrl } from "../../server/outbox/todoDelivery";
import { closeTodo, openTodo } from "../../server/outbox/todoOutbox";
import { makeStaff } from "../helpers/factories";
import { T0 } from "../helpers/testApp";
import { content, drain, outboxKit, PUBLIC_BASE_URL, type OutboxKit } from "./outboxKit";

describe("outbox: todos", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  const open = (staffId: number, detailUrl = "/m/leave/42") =>
    openTodo(k.ctx, {
      kind: "leave_approval",
      refType: "leave",
      refId: "42",
      staffId,
      subject: "审批 王小明 的请假",
      detailUrl,
      dueAt: T0 + 86_400_000,
      card: content(),
    });

  it("creates a DingTalk todo for the executor with our source id and an absolute detail URL, then completes it", async () => {
    const person = k.dingtalkStaff();
    const todoId = open(person.id);
    await drain(k);
    const [create] = k.dingtalk.ops("createTodo");
    assert.ok(create);
    assert.deepEqual(create.input, {
      sourceId: `xg-todo-${todoId}`,
      subject: "审批 王小明 的请假",
      detailUrl: `${PUBLIC_BASE_URL}/m/leave/42`,
      dueAt: T0 + 86_400_000,
      executor: { userId: person.dingtalkUserId, unionId: person.dingtalkUnionId },
    });
    const todo = k.todo(todoId);
    assert.equal(todo?.platform, "dingtalk");
    assert.equal(todo?.platformTodoId, "task1");
    assert.equal(todo?.platformExecutor, person.dingtalkUnionId);
    assert.equal(k.dingtalk.ops("sendCard").length, 1, "the todo's card went out too");

    closeTodo(k.ctx, todoId, "done", content("请假审批", { state: "已同意" }));
    await drain(k);
    const [complete] = k.dingtalk.ops("completeTodo");
    assert.ok(complete);
    assert.deepEqual(complete.input, { todoId: "task1", executor: { userId: person.dingtalkUserId, unionId: person.dingtalkUnionId } });
    assert.equal(k.dingtalk.ops("updateCard").length, 1, "and its card shows the state");
  });

  it("deletes a DingTalk todo that is no longer needed", async () => {
    const person = k.dingtalkStaff();
    const todoId = open(person.id, "https://elsewhere.example.com/x");
    await drain(k);
    assert.equal(k.dingtalk.ops("createTodo")[0]?.input.detailUrl, "https://elsewhere.example.com/x");
    closeTodo(k.ctx, todoId, "deleted", content("请假审批", { state: "已撤回" }));
    await drain(k);
    assert.equal(k.dingtalk.ops("deleteTodo").length, 1);
    assert.equal(k.dingtalk.ops("completeTodo").length, 0);
  });

  it("on WeCom the card is the todo: done `as_card`, closing it is `nothing_to_do`", async () => {
    const person = k.wecomStaff();
    const todoId = open(person.id);
    await drain(k);
    assert.equal(k.rowsOf("todo.create")[0]?.outcome, "as_card");
    assert.equal(k.todo(todoId)?.platform, "wecom");
    assert.equal(k.todo(todoId)?.platformTodoId, null);
    closeTodo(k.ctx, todoId, "done", content("请假审批", { state: "已同意" }));
    await drain(k);
    assert.equal(k.rowsOf("todo.complete")[0]?.outcome, "nothing_to_do");
    assert.deepEqual(
      k.wecom.calls.map((c) => c.op),
      ["sendCard", "updateCard"],
    );
  });

  it("finishes `no_account` for a person on no platform", async () => {
    const nobody = makeStaff(k.db);
    open(nobody.id);
    await drain(k);
    assert.equal(k.rowsOf("todo.create")[0]?.outcome, "no_account");
    assert.equal(k.dingtalk.calls.length + k.wecom.calls.length, 0);
  });

  it("does not create a todo that was closed before it reached the platform", async () => {
    const person = k.dingtalkStaff();
    const todoId = open(person.id);
    closeTodo(k.ctx, todoId, "done", content("请假审批", { state: "已同意" }));
    await drain(k);
    assert.equal(k.rowsOf("todo.create")[0]?.outcome, "closed");
    assert.equal(k.rowsOf("todo.complete")[0]?.outcome, "nothing_to_do");
    assert.equal(k.dingtalk.ops("createTodo").length, 0);
  });

  it("retries a failed todo creation, and its completion waits behind it", async () => {
    const person = k.dingtalkStaff();
    const todoId = open(person.id);
    k.dingtalk.failNext("createTodo", new Error("socket hang up"));
    const first = await k.dispatcher.runOnce();
    assert.equal(first.retried, 1);
    assert.equal(k.dingtalk.ops("sendCard").length, 1, "the card went out regardless");

    closeTodo(k.ctx, todoId, "done", content("请假审批", { state: "已同意" }));
    await k.dispatcher.runOnce();
    assert.equal(k.rowsOf("todo.complete")[0]?.status, "pending", "held behind the creation");
    assert.equal(k.dingtalk.ops("completeTodo").length, 0);

    await drain(k);
    // Closed before the retry: the creation is skipped, so the completion has nothing to close.
    assert.equal(k.rowsOf("todo.create")[0]?.outcome, "closed");
    assert.equal(k.rowsOf("todo.complete")[0]?.outcome, "nothing_to_do");
    assert.equal(k.dingtalk.ops("createTodo").length, 1);
  });

  it("completes a todo created on a retry, in order", async () => {
    const person = k.dingtalkStaff();
    const todoId = open(person.id);
    k.dingtalk.failNext("createTodo", new Error("socket hang up"));
    await k.dispatcher.runOnce();
    await drain(k);
    closeTodo(k.ctx, todoId, "done", content("请假审批", { state: "已同意" }));
    await drain(k);
    assert.deepEqual(
      k.dingtalk.calls.filter((c) => c.op !== "sendCard" && c.op !== "updateCard").map((c) => [c.op, c.failed ?? "ok"]),
      [
        ["createTodo", "socket hang up"],
        ["createTodo", "ok"],
        ["completeTodo", "ok"],
      ],
    );
  });

  it("makes relative detail URLs absolute", () => {
    assert.equal(absoluteUrl("/m/x", "https://a.example.com/"), "https://a.example.com/m/x");
    assert.equal(absoluteUrl("m/x", "https://a.example.com"), "https://a.example.com/m/x");
    assert.equal(absoluteUrl("dingtalk://dingtalkclient/page/link?url=x", undefined), "dingtalk://dingtalkclient/page/link?url=x");
    assert.equal(absoluteUrl("/m/x", undefined), undefined);
  });
});
