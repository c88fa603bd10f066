// The DingTalk adapter (HTTP mode) against the fake DingTalk over HTTP: cards (send with the one-time
// callback registration, several recipients, already-delivered ids, update, a click coming back
// through the receiver), todos (create, retried create, complete, delete), 免登 codes, dd.config
// signatures, the shared token under concurrency and early expiry, throttling and injected faults.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { dingtalkCallbackRouteKey } from "../../../server/platforms/dingtalk/dingtalkCards";
import { CARD_SECRET, callsOf, cardModel, rejectsPlatform, startDingtalkKit, type DingtalkKit } from "./dingtalkTestKit";

const DELIVER = "/v1.0/card/instances/createAndDeliver";
const UPDATE = "/v1.0/card/instances";
const REGISTER = "/v1.0/card/callbacks/register";
const TOKEN = "/v1.0/oauth2/accessToken";
const TASKS = "/v1.0/todo/users/{unionId}/tasks";

function requestOf(call: { request: unknown } | undefined): Record<string, unknown> {
  const request = call?.request;
  assert.ok(request !== null && typeof request === "object" && !Array.isArray(request), "a JSON body was recorded");
  return request as Record<string, unknown>;
}

describe("DingTalk adapter: cards", () => {
  let kit: DingtalkKit;
  before(async () => {
    kit = await startDingtalkKit();
  });
  after(() => kit.close());

  it("registers the card callback once, then delivers to the recipient's robot chat", async () => {
    assert.equal(kit.platform.todos, "native");
    assert.equal(kit.platform.listen, undefined, "HTTP mode has no Stream connection");
    assert.ok(kit.platform.receiver);
    const result = await kit.platform.sendCard({ card: cardModel("xg-1-1-aaaa"), to: [{ userId: "wangfang" }] });
    assert.deepEqual(result, {});
    const [view, ...rest] = kit.fake.inbox("wangfang");
    assert.equal(rest.length, 0);
    assert.deepEqual(view, {
      platform: "dingtalk",
      taskId: "xg-1-1-aaaa",
      userId: "wangfang",
      title: "试听课确认",
      subtitle: "3月5日 周三 16:00",
      rows: [
        { key: "学员", value: "王小明" },
        { key: "课程", value: "少儿编程" },
      ],
      buttons: [
        { key: "confirm", text: "确认", style: "primary" },
        { key: "cancel", text: "取消", style: "danger" },
      ],
      detailUrl: "https://xueguan.example.com/leads/12",
      receivedAt: kit.clock.now(),
      updatedAt: kit.clock.now(),
      updates: 0,
    });
    const routeKey = dingtalkCallbackRouteKey(kit.config.appKey);
    assert.match(routeKey, /^xueguan_[A-Za-z0-9_-]+$/);
    assert.deepEqual(kit.fake.callbackRoutes(), { [routeKey]: `${kit.app.url}/callbacks/dingtalk` });
    const register = requestOf(callsOf(kit.fake, REGISTER)[0]);
    assert.deepEqual(register, {
      callbackRouteKey: routeKey,
      callbackUrl: `${kit.app.url}/callbacks/dingtalk`,
      apiSecret: CARD_SECRET,
      forceUpdate: true,
    });
    const deliver = requestOf(callsOf(kit.fake, DELIVER).at(-1));
    assert.equal(deliver.openSpaceId, "dtv1.card//IM_ROBOT.wangfang");
    assert.equal(deliver.callbackType, "HTTP");
    assert.equal(deliver.callbackRouteKey, routeKey);
    assert.equal(deliver.userIdType, 1);
    assert.equal(deliver.cardTemplateId, kit.config.cardTemplateId);
    assert.deepEqual(deliver.imRobotOpenDeliverModel, { spaceType: "IM_ROBOT", robotCode: kit.config.appKey });

    await kit.platform.sendCard({ card: cardModel("xg-1-1-bbbb"), to: [{ userId: "wangfang" }] });
    assert.equal(callsOf(kit.fake, REGISTER).length, 1, "registered once per adapter");
  });

  it("joins several IM_ROBOT spaces in one openSpaceId; unknown users are skipped, all unknown is permanent", async () => {
    await kit.platform.sendCard({
      card: cardModel("xg-1-2-aaaa"),
      to: [{ userId: "lilei" }, { userId: "hanmeimei" }, { userId: "lilei" }, { userId: "nobody" }],
    });
    assert.equal(requestOf(callsOf(kit.fake, DELIVER).at(-1)).openSpaceId, "dtv1.card//IM_ROBOT.lilei;IM_ROBOT.hanmeimei;IM_ROBOT.nobody");
    assert.equal(kit.fake.inbox("lilei")[0]?.taskId, "xg-1-2-aaaa");
    assert.equal(kit.fake.inbox("hanmeimei")[0]?.taskId, "xg-1-2-aaaa");
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-1-2-bbbb"), to: [{ userId: "nobody" }] }), "permanent", "param.userIdNotExist");
  });

  it("an outTrackId DingTalk already has means an earlier attempt got through", async () => {
    const card = cardModel("xg-1-3-aaaa");
    await kit.platform.sendCard({ card, to: [{ userId: "zhangwei" }] });
    assert.deepEqual(await kit.platform.sendCard({ card, to: [{ userId: "zhangwei" }] }), { alreadyDelivered: true });
    assert.equal(callsOf(kit.fake, DELIVER).at(-1)?.errorCode, "param.cardAlreadyExist");
    assert.equal(kit.fake.inbox("zhangwei").length, 1);
  });

  it("updates the card for everyone: the final state replaces the buttons", async () => {
    const to = [{ userId: "lilei" }, { userId: "hanmeimei" }];
    const card = cardModel("xg-1-4-aaaa");
    await kit.platform.sendCard({ card, to });
    kit.clock.advance(60_000);
    await kit.platform.updateCard({ card: { ...card, state: "已由 李雷 确认" }, to });
    for (const userId of ["lilei", "hanmeimei"]) {
      const view = kit.fake.inbox(userId).find((v) => v.taskId === "xg-1-4-aaaa");
      assert.equal(view?.state, "已由 李雷 确认");
      assert.deepEqual(view?.buttons, []);
      assert.equal(view?.updates, 1);
      assert.equal(view?.updatedAt, kit.clock.now());
    }
    assert.deepEqual(requestOf(callsOf(kit.fake, UPDATE).at(-1)).cardUpdateOptions, { updateCardDataByKey: false });
    await rejectsPlatform(kit.platform.updateCard({ card: cardModel("xg-never-sent"), to }), "permanent", "param.cardNotExist");
  });

  it("a click comes back signed to the registered URL and opens as a card action", async () => {
    await kit.platform.sendCard({ card: cardModel("xg-1-5-aaaa"), to: [{ userId: "wangfang" }] });
    const before = kit.app.events.length;
    const answer = await kit.fake.click({ userId: "wangfang", taskId: "xg-1-5-aaaa", actionKey: "cancel" });
    assert.deepEqual(answer, { status: 200, body: "{}" });
    assert.deepEqual(kit.app.events.slice(before), [
      {
        kind: "card_action",
        platform: "dingtalk",
        eventKey: "card:xg-1-5-aaaa:wangfang:cancel",
        userId: "wangfang",
        cardTaskId: "xg-1-5-aaaa",
        actionKey: "cancel",
        actionId: "action2",
        occurredAt: kit.clock.now(),
      },
    ]);
    await assert.rejects(kit.fake.click({ userId: "wangfang", taskId: "xg-1-5-aaaa", actionKey: "nope" }), /no button/);
  });

  it("a card DingTalk would refuse is permanent and never sent", async () => {
    const before = kit.fake.calls.length;
    const actions = Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, text: `按钮${i}`, style: "default" as const }));
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-1-6-aaaa", { actions }), to: [{ userId: "lilei" }] }), "permanent", "bad_card");
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-1-6-bbbb"), to: [] }), "permanent", "no_recipients");
    assert.equal(kit.fake.calls.length, before);
  });
});

describe("DingTalk adapter: todos", () => {
  let kit: DingtalkKit;
  before(async () => {
    kit = await startDingtalkKit();
  });
  after(() => kit.close());

  const executor = { userId: "lilei", unionId: "union-lilei" };
  const input = {
    sourceId: "todo-7-1",
    subject: "回访王小明家长",
    description: "试听后 24 小时内回访",
    dueAt: Date.UTC(2025, 2, 4, 10, 0, 0),
    detailUrl: "https://xueguan.example.com/m/todo/7",
    executor,
  };

  it("creates one task per sourceId; a retried create returns the same task", async () => {
    const first = await kit.platform.createTodo(input);
    assert.match(first.todoId, /^task/);
    assert.deepEqual(first.executor, executor);
    const create = requestOf(callsOf(kit.fake, TASKS).at(-1));
    assert.deepEqual(create, {
      subject: input.subject,
      description: input.description,
      dueTime: input.dueAt,
      executorIds: ["union-lilei"],
      sourceId: "todo-7-1",
      detailUrl: { appUrl: input.detailUrl, pcUrl: input.detailUrl },
      isOnlyShowExecutor: true,
    });
    const again = await kit.platform.createTodo(input);
    assert.equal(again.todoId, first.todoId);
    assert.equal(callsOf(kit.fake, TASKS).at(-1)?.errorCode, "todo.taskCreate.paramError");
    assert.equal(callsOf(kit.fake, `${TASKS}/sources/{sourceId}`).length, 1);
    const todos = kit.fake.todos("lilei");
    assert.equal(todos.length, 1);
    assert.deepEqual(todos[0], {
      platform: "dingtalk",
      todoId: first.todoId,
      sourceId: "todo-7-1",
      executor: "union-lilei",
      subject: input.subject,
      detailUrl: input.detailUrl,
      dueAt: input.dueAt,
      done: false,
      deleted: false,
      createdAt: kit.clock.now(),
    });
  });

  it("completes, then deletes; deleting again is fine", async () => {
    const todo = await kit.platform.createTodo({ ...input, sourceId: "todo-7-2" });
    await kit.platform.completeTodo(todo);
    assert.equal(kit.fake.todos("lilei").find((t) => t.todoId === todo.todoId)?.done, true);
    await kit.platform.deleteTodo(todo);
    assert.equal(kit.fake.todos("lilei").find((t) => t.todoId === todo.todoId)?.deleted, true);
    await kit.platform.deleteTodo(todo);
    assert.equal(callsOf(kit.fake, `${TASKS}/{taskId}`).at(-1)?.errorCode, "todo.taskDelete.paramError");
    await rejectsPlatform(kit.platform.completeTodo(todo), "permanent", "todo.taskUpdate.paramError");
  });

  it("an executor without a unionId is refused before any call", async () => {
    const before = kit.fake.calls.length;
    await rejectsPlatform(kit.platform.createTodo({ ...input, sourceId: "todo-7-3", executor: { userId: "zhangwei" } }), "permanent", "no_union_id");
    await rejectsPlatform(kit.platform.completeTodo({ todoId: "task1", executor: { userId: "zhangwei" } }), "permanent", "no_union_id");
    assert.equal(kit.fake.calls.length, before);
  });
});

describe("DingTalk adapter: login codes and page signatures", () => {
  let kit: DingtalkKit;
  before(async () => {
    kit = await startDingtalkKit({ fake: { jsapiTicket: "sandbox-pinned-ticket" }, nonce: () => "Zn4zmLFKD0wzilzM" });
  });
  after(() => kit.close());

  it("exchanges a 免登 code for userId and unionId, once", async () => {
    const code = kit.fake.loginCode("wangfang");
    assert.deepEqual(await kit.platform.userFromLoginCode(code), { userId: "wangfang", unionId: "union-wangfang" });
    await rejectsPlatform(kit.platform.userFromLoginCode(code), "permanent", "40078");
    const noUnion = kit.fake.loginCode("zhangwei");
    assert.deepEqual(await kit.platform.userFromLoginCode(noUnion), { userId: "zhangwei" });
  });

  it("a code older than 5 minutes is refused with 40078", async () => {
    const code = kit.fake.loginCode("lilei");
    kit.clock.advance(5 * 60_000 + 1);
    await rejectsPlatform(kit.platform.userFromLoginCode(code), "permanent", "40078");
  });

  it("signs dd.config with SHA-256 over the URL without #, query decoded like the official helper", async () => {
    const sig = await kit.platform.signPage("https://xg.example.com/m/index.html?corpid=ding0&name=%E7%8E%8B%E8%8A%B3&q=a+b#/todo/7");
    const plain =
      `jsapi_ticket=sandbox-pinned-ticket&noncestr=Zn4zmLFKD0wzilzM&timestamp=${kit.clock.now()}` +
      "&url=https://xg.example.com/m/index.html?corpid=ding0&name=王芳&q=a b";
    assert.deepEqual(sig, {
      platform: "dingtalk",
      corpId: kit.config.corpId,
      agentId: kit.config.agentId,
      timestamp: kit.clock.now(),
      nonceStr: "Zn4zmLFKD0wzilzM",
      signature: createHash("sha256").update(plain, "utf8").digest("hex"),
    });
    await kit.platform.signPage("https://xg.example.com/m/other");
    assert.equal(callsOf(kit.fake, "/v1.0/oauth2/jsapiTickets").length, 1, "the ticket is cached");
    await rejectsPlatform(kit.platform.signPage("https://xg.example.com/m/?q=%E7%8"), "permanent", "bad_url");
  });
});

describe("DingTalk adapter: token, throttling and faults", () => {
  it("50 concurrent calls after the token died share one refresh", async () => {
    const kit = await startDingtalkKit({ fake: { qpsLimit: 1000 } });
    try {
      await kit.platform.sendCard({ card: cardModel("xg-3-0"), to: [{ userId: "wangfang" }] });
      assert.equal(callsOf(kit.fake, TOKEN).length, 1);
      kit.fake.expireTokens();
      const mark = kit.fake.calls.length;
      const sends = Array.from({ length: 50 }, (_, i) => kit.platform.sendCard({ card: cardModel(`xg-3-${i + 1}`), to: [{ userId: "lilei" }] }));
      assert.deepEqual(await Promise.all(sends), Array.from({ length: 50 }, () => ({})));
      assert.equal(callsOf(kit.fake, TOKEN, mark).length, 1, "one token request for all 50");
      assert.ok(callsOf(kit.fake, DELIVER, mark).some((c) => c.errorCode === "InvalidAuthentication"));
      assert.equal(kit.fake.inbox("lilei").length, 50);
    } finally {
      await kit.close();
    }
  });

  it("a QPS storm: 20 calls per second go through, the rest are rate_limited and free", async () => {
    const kit = await startDingtalkKit();
    try {
      const storm = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => kit.platform.sendCard({ card: cardModel(`xg-4-${i}`), to: [{ userId: "wangfang" }] })),
      );
      const refused = storm.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      assert.equal(storm.length - refused.length, 20);
      assert.equal(refused.length, 10);
      for (const err of refused) {
        await rejectsPlatform(Promise.reject(err), "rate_limited", "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
        assert.equal((err as { retryAfterMs?: number }).retryAfterMs, 1000);
      }
      await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-4-late"), to: [{ userId: "wangfang" }] }), "rate_limited", "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
      // Other APIs have their own budget; a second later this one has too.
      await kit.platform.createTodo({ sourceId: "todo-4", subject: "s", detailUrl: "https://x.example.com/t", executor: { userId: "lilei", unionId: "union-lilei" } });
      kit.clock.advance(1000);
      assert.deepEqual(await kit.platform.sendCard({ card: cardModel("xg-4-next"), to: [{ userId: "wangfang" }] }), {});
    } finally {
      await kit.close();
    }
  });

  it("injected faults are classified: 503 system.busy and non-JSON 502 transient, throttling rate_limited, a dropped connection transient", async () => {
    const kit = await startDingtalkKit();
    try {
      await kit.platform.sendCard({ card: cardModel("xg-5-0"), to: [{ userId: "wangfang" }] });
      kit.faults.add({ platform: "dingtalk", api: "card/instances", kind: "server_error", times: 1 });
      await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-5-1"), to: [{ userId: "wangfang" }] }), "transient", "system.busy");
      kit.faults.add({ platform: "dingtalk", api: "card/instances", kind: "rate_limit", times: 1 });
      await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-5-2"), to: [{ userId: "wangfang" }] }), "rate_limited", "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
      kit.faults.add({ platform: "dingtalk", api: "card/instances", kind: "network", times: 1 });
      await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-5-3"), to: [{ userId: "wangfang" }] }), "transient", "network");
      kit.faults.add({ platform: "dingtalk", api: "getuserinfo", kind: "server_error", times: 1 });
      await rejectsPlatform(kit.platform.userFromLoginCode(kit.fake.loginCode("wangfang")), "transient", "http_502");
      kit.faults.add({ platform: "dingtalk", api: "getuserinfo", kind: "rate_limit", times: 1 });
      await rejectsPlatform(kit.platform.userFromLoginCode(kit.fake.loginCode("wangfang")), "rate_limited", "90018");
      kit.faults.add({ platform: "dingtalk", api: "todo", kind: "slow", delayMs: 30, times: 1 });
      const todo = await kit.platform.createTodo({ sourceId: "todo-5", subject: "s", detailUrl: "https://x.example.com/t", executor: { userId: "lilei", unionId: "union-lilei" } });
      assert.match(todo.todoId, /^task/);
      // The retried send after the faults delivers.
      assert.deepEqual(await kit.platform.sendCard({ card: cardModel("xg-5-1"), to: [{ userId: "wangfang" }] }), {});
    } finally {
      await kit.close();
    }
  });

  it("wrong app credentials are permanent", async () => {
    const kit = await startDingtalkKit({ config: { appSecret: "not-the-secret" } });
    try {
      await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-6-0"), to: [{ userId: "wangfang" }] }), "permanent", "invalidClientIdOrSecret");
    } finally {
      await kit.close();
    }
  });
});
