// DingTalk Stream mode against the fake gateway on a loopback server: listen() connects with its own
// subscriptions, a card click and a pushed event reach the sink and are acknowledged (CALLBACK with an
// empty response, EVENT SUCCESS, or LATER when the sink threw), SYSTEM ping is answered, a
// `disconnect` leads to a fresh connection, close() ends it; the gateway refuses bad tickets.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DWClient, TOPIC_CARD } from "dingtalk-stream";
import { WebSocket } from "ws";
import { decodeDingtalkStreamEvent, HeldClicks, TRY_AGAIN_RESPONSE } from "../../../server/platforms/dingtalk/dingtalkStream";
import type { InboundEvent } from "../../../server/platforms/types";
import { SANDBOX_DINGTALK } from "../../../server/sandbox/sandboxTypes";
import { callsOf, cardModel, rejectsPlatform, startDingtalkKit, type DingtalkKit } from "./dingtalkTestKit";

const OPEN = "/v1.0/gateway/connections/open";

describe("DingTalk Stream mode", () => {
  let kit: DingtalkKit;
  const received: InboundEvent[] = [];
  let failNext = false;
  const sink = (events: InboundEvent[]) => {
    if (failNext) {
      failNext = false;
      throw new Error("database is locked");
    }
    received.push(...events);
  };

  before(async () => {
    kit = await startDingtalkKit({ mode: "stream" });
    const listen = kit.platform.listen;
    assert.ok(listen, "stream mode has listen()");
    await listen(sink);
  });
  after(() => kit.close());

  it("connects once with its own subscriptions and has no HTTP receiver", () => {
    assert.equal(kit.platform.receiver, undefined);
    assert.equal(kit.fake.stream.connections(), 1);
    const open = callsOf(kit.fake, OPEN);
    assert.equal(open.length, 1);
    const request = open[0]?.request as { subscriptions?: unknown; clientId?: unknown };
    assert.equal(request.clientId, kit.config.appKey);
    assert.deepEqual(request.subscriptions, [
      { type: "EVENT", topic: "*" },
      { type: "CALLBACK", topic: TOPIC_CARD },
    ]);
  });

  it("leaves dingtalk-stream's shared default subscriptions alone", () => {
    const other = new DWClient({ clientId: "another-app", clientSecret: "another-secret" });
    assert.deepEqual(other.getConfig().subscriptions, [{ type: "EVENT", topic: "*" }]);
  });

  it("a card click arrives as a card action and is answered with an empty response", async () => {
    await kit.platform.sendCard({ card: cardModel("xg-s-1"), to: [{ userId: "wangfang" }] });
    const deliver = callsOf(kit.fake, "/v1.0/card/instances/createAndDeliver").at(-1)?.request as Record<string, unknown>;
    assert.equal(deliver.callbackType, "STREAM");
    assert.equal("callbackRouteKey" in deliver, false);
    assert.equal(callsOf(kit.fake, "/v1.0/card/callbacks/register").length, 0, "Stream mode registers no callback URL");

    const answer = await kit.fake.click({ userId: "wangfang", taskId: "xg-s-1", actionKey: "confirm" });
    assert.deepEqual(answer, { status: 200, body: JSON.stringify({ response: {} }) });
    assert.deepEqual(received.at(-1), {
      kind: "card_action",
      platform: "dingtalk",
      eventKey: "card:xg-s-1:wangfang:confirm",
      userId: "wangfang",
      cardTaskId: "xg-s-1",
      actionKey: "confirm",
      actionId: "action1",
      occurredAt: kit.clock.now(),
    });
    assert.deepEqual(kit.fake.stream.acks.at(-1)?.data, { response: {} });
  });

  it("a click in the card builder's shape arrives as the same card action", async () => {
    await kit.platform.sendCard({ card: cardModel("xg-s-2"), to: [{ userId: "wangfang" }] });
    const answer = await kit.fake.clickAs({ userId: "wangfang", taskId: "xg-s-2", actionKey: "cancel", shape: "card-builder" });
    assert.deepEqual(answer, { status: 200, body: JSON.stringify({ response: {} }) });
    const last = received.at(-1);
    assert.equal(last?.kind, "card_action");
    assert.deepEqual(last?.kind === "card_action" ? [last.eventKey, last.actionId] : [], ["card:xg-s-2:wangfang:cancel", "action2"]);
  });

  it("a click whose recording fails is still answered (DingTalk never sends it again), held, and recorded shortly", async () => {
    await kit.platform.sendCard({ card: cardModel("xg-s-3"), to: [{ userId: "wangfang" }] });
    failNext = true;
    const answer = await kit.fake.click({ userId: "wangfang", taskId: "xg-s-3", actionKey: "confirm" });
    assert.deepEqual(answer, { status: 200, body: JSON.stringify({ response: {} }) });
    assert.notEqual(received.at(-1)?.eventKey, "card:xg-s-3:wangfang:confirm", "not recorded yet");
    for (let i = 0; i < 100 && received.at(-1)?.eventKey !== "card:xg-s-3:wangfang:confirm"; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.at(-1)?.eventKey, "card:xg-s-3:wangfang:confirm");
  });

  it("an event arrives keyed by its eventId and is acknowledged SUCCESS", async () => {
    const data = { timeStamp: String(kit.clock.now()), userId: ["lilei"] };
    const pushed = await kit.fake.pushEvent("user_add_org", data);
    assert.equal(pushed.via, "stream");
    assert.equal(pushed.acknowledged, true);
    assert.deepEqual(received.at(-1), { kind: "other", platform: "dingtalk", eventKey: pushed.eventId, type: "user_add_org", payload: data });
    assert.deepEqual(kit.fake.stream.acks.at(-1)?.data, { status: "SUCCESS" });
  });

  it("a frame whose sink throws is acknowledged LATER, so DingTalk delivers it again", async () => {
    const before = received.length;
    failNext = true;
    const pushed = await kit.fake.pushEvent("user_modify_org", { userId: ["hanmeimei"] });
    assert.equal(pushed.acknowledged, false);
    assert.deepEqual(kit.fake.stream.acks.at(-1)?.data, { status: "LATER", message: "database is locked" });
    assert.equal(received.length, before);
  });

  it("answers the gateway's SYSTEM ping", async () => {
    const echo = await kit.fake.stream.ping();
    assert.equal(echo.code, 200);
    assert.equal(typeof (echo.data as { opaque?: unknown }).opaque, "string");
  });

  it("after a SYSTEM disconnect it reconnects at once with a fresh ticket", async () => {
    const opens = callsOf(kit.fake, OPEN).length;
    kit.fake.stream.disconnect("server upgrade", 60_000);
    await kit.fake.stream.waitForAccepted(2);
    assert.equal(callsOf(kit.fake, OPEN).length, opens + 1);
    assert.equal(kit.fake.stream.connections(), 1, "the old connection was dropped by the client");
    const pushed = await kit.fake.pushEvent("user_leave_org", { userId: ["zhangwei"] });
    assert.equal(pushed.via, "stream");
    assert.equal(pushed.acknowledged, true);
  });

  it("close() ends the connection for good", async () => {
    await kit.platform.close();
    await kit.fake.stream.waitForIdle();
    assert.equal(kit.fake.stream.connections(), 0);
  });
});

describe("DingTalk Stream: held clicks", () => {
  it("records held clicks in order once the sink works again, and refuses to hold past its limit", async () => {
    const got: string[] = [];
    let failing = true;
    const held = new HeldClicks(
      (events) => {
        if (failing) throw new Error("disk I/O error");
        got.push(...events.map((e) => e.eventKey));
      },
      { max: 2, firstDelayMs: 5, maxDelayMs: 10 },
    );
    const click = (key: string): InboundEvent[] => [{ kind: "card_action", platform: "dingtalk", eventKey: key, userId: "u", cardTaskId: "t", actionKey: "k" }];
    assert.equal(held.hold(click("a")), true);
    assert.equal(held.hold(click("b")), true);
    assert.equal(held.hold(click("c")), false, "full: the clicker is answered with TRY_AGAIN_RESPONSE");
    assert.deepEqual(TRY_AGAIN_RESPONSE.userPrivateData.cardParamMap.hint, "这次点击未能记录，请稍后再点一次");
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(held.size, 2, "still failing: kept");
    failing = false;
    for (let i = 0; i < 50 && held.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, ["a", "b"]);
    held.stop();
  });
});

describe("DingTalk Stream: connection failures and the gateway's tickets", () => {
  let kit: DingtalkKit;
  before(async () => {
    kit = await startDingtalkKit({ mode: "stream" });
  });
  after(() => kit.close());

  it("listen() rejects when the first handshake is refused, and stops", async () => {
    const bad = await startDingtalkKit({ mode: "stream", config: { appSecret: "wrong" } });
    try {
      const listen = bad.platform.listen;
      assert.ok(listen);
      await rejectsPlatform(listen(() => undefined), "permanent", "invalidClientIdOrSecret");
      assert.equal(bad.fake.stream.connections(), 0);
    } finally {
      await bad.close();
    }
  });

  async function ticket(): Promise<string> {
    const res = await fetch(`${kit.server.apiBase}${OPEN}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ clientId: SANDBOX_DINGTALK.appKey, clientSecret: SANDBOX_DINGTALK.appSecret, subscriptions: [{ type: "EVENT", topic: "*" }] }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { endpoint: string; ticket: string };
    assert.equal(body.endpoint, `${kit.server.url.replace("http://", "ws://")}/sandbox/dingtalk/connect`);
    return body.ticket;
  }

  function dial(t: string): Promise<{ opened: true; ws: WebSocket } | { opened: false; status: number }> {
    const endpoint = `${kit.server.url.replace("http://", "ws://")}/sandbox/dingtalk/connect?ticket=${encodeURIComponent(t)}`;
    return new Promise((resolve) => {
      const ws = new WebSocket(endpoint);
      ws.once("open", () => resolve({ opened: true, ws }));
      ws.once("unexpected-response", (_req, res) => {
        resolve({ opened: false, status: res.statusCode ?? 0 });
        ws.terminate();
      });
      ws.once("error", () => undefined);
    });
  }

  it("a ticket opens one connection, once; unknown and expired tickets are refused", async () => {
    const t = await ticket();
    const first = await dial(t);
    assert.equal(first.opened, true);
    if (first.opened) first.ws.close();
    assert.deepEqual(await dial(t), { opened: false, status: 401 });
    assert.deepEqual(await dial("not-a-ticket"), { opened: false, status: 401 });
    const late = await ticket();
    kit.clock.advance(90_001);
    assert.deepEqual(await dial(late), { opened: false, status: 401 });
  });

  it("the handshake wants the app's credentials", async () => {
    const res = await fetch(`${kit.server.apiBase}${OPEN}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: SANDBOX_DINGTALK.appKey, clientSecret: "nope", subscriptions: [] }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code?: string }).code, "invalidClientIdOrSecret");
  });

  it("an EVENT frame without eventId is keyed by a hash of its data", () => {
    const frame = {
      specVersion: "1.0",
      type: "EVENT",
      headers: { appId: "a", connectionId: "c", contentType: "application/json", messageId: "m1", time: "1", topic: "x", eventType: "org_dept_create" },
      data: JSON.stringify({ deptId: [1] }),
    };
    const event = decodeDingtalkStreamEvent(frame);
    assert.equal(event.type, "org_dept_create");
    assert.match(event.eventKey, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(event.payload, { deptId: [1] });
  });
});
