// The fake DingTalk on its own, over raw HTTP: the token endpoints (lifetime, early expiry, reuse),
// the two auth error shapes, the card and todo checks with their documented codes, the per-API rate
// limit on the sandbox clock, and the HTTP push of events to an app's receiver.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../../../server/core/clock";
import { createDingtalkReceiver } from "../../../server/platforms/dingtalk/dingtalkReceiver";
import { createDingtalkFake, type DingtalkFake } from "../../../server/sandbox/dingtalk/dingtalkFake";
import { SandboxFaults } from "../../../server/sandbox/sandboxFaults";
import { SANDBOX_DINGTALK } from "../../../server/sandbox/sandboxTypes";
import { startFakeServer, type FakeServer } from "../../helpers/fakeServer";
import { MEMBERS, START, startCallbackApp, type CallbackApp } from "./dingtalkTestKit";

type Answer = { status: number; json: Record<string, unknown> };

describe("DingTalk fake", () => {
  const clock = fixedClock(START);
  const faults = new SandboxFaults(clock);
  let fake: DingtalkFake;
  let server: FakeServer;
  let app: CallbackApp;
  let ownerKey: string = SANDBOX_DINGTALK.appKey;

  before(async () => {
    app = await startCallbackApp(
      () =>
        createDingtalkReceiver({ token: SANDBOX_DINGTALK.token, aesKey: SANDBOX_DINGTALK.aesKey, ownerKey, cardApiSecret: "unused-secret" }),
      clock,
    );
    fake = createDingtalkFake({ directory: () => MEMBERS, clock, faults, appBaseUrl: () => app.url }, { qpsLimit: 1000 });
    server = await startFakeServer(fake);
  });
  after(async () => {
    await server.close();
    await app.close();
  });

  async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<Answer> {
    const res = await fetch(`${server.apiBase}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        ...(opts.token === undefined ? {} : { "x-acs-dingtalk-access-token": opts.token }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function token(): Promise<string> {
    const res = await call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: SANDBOX_DINGTALK.appKey, appSecret: SANDBOX_DINGTALK.appSecret } });
    assert.equal(res.status, 200);
    assert.equal(res.json.expireIn, 7200);
    return String(res.json.accessToken);
  }

  const card = (outTrackId: string, over: Record<string, unknown> = {}) => ({
    cardTemplateId: SANDBOX_DINGTALK.cardTemplateId,
    outTrackId,
    cardData: { cardParamMap: { title: "标题", decided: "false" } },
    openSpaceId: "dtv1.card//IM_ROBOT.wangfang",
    imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode: SANDBOX_DINGTALK.appKey },
    userIdType: 1,
    ...over,
  });

  it("hands out a token for 2 hours (the same one while it lives) and kills them all on expireTokens()", async () => {
    const bad = await call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: SANDBOX_DINGTALK.appKey, appSecret: "nope" } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, "invalidClientIdOrSecret");
    assert.equal(typeof bad.json.requestid, "string");
    const first = await token();
    assert.equal(await token(), first);
    assert.equal((await call("POST", "/v1.0/oauth2/jsapiTickets", { token: first, body: {} })).status, 200);
    clock.advance(7200_000);
    const dead = await call("POST", "/v1.0/oauth2/jsapiTickets", { token: first, body: {} });
    assert.deepEqual([dead.status, dead.json.code], [401, "InvalidAuthentication"]);
    const second = await token();
    assert.notEqual(second, first);
    fake.expireTokens();
    assert.equal((await call("POST", "/v1.0/oauth2/jsapiTickets", { token: second, body: {} })).status, 401);
    const missing = await call("POST", "/v1.0/oauth2/jsapiTickets", { body: {} });
    assert.deepEqual([missing.status, missing.json.code], [400, "AuthenticationFailed.MissingParameter"]);
  });

  it("speaks the legacy shape on oapi paths: gettoken, errcode 88 / sub_code 40014 for a bad token", async () => {
    const legacy = await call("GET", `/gettoken?appkey=${SANDBOX_DINGTALK.appKey}&appsecret=${encodeURIComponent(SANDBOX_DINGTALK.appSecret)}`);
    assert.equal(legacy.json.errcode, 0);
    assert.equal(legacy.json.expires_in, 7200);
    const wrong = await call("GET", `/gettoken?appkey=${SANDBOX_DINGTALK.appKey}&appsecret=x`);
    assert.equal(wrong.json.errcode, 40096);
    const res = await fetch(`${server.apiBase}/topapi/v2/user/getuserinfo?access_token=bogus`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "x" }),
    });
    assert.equal(res.status, 200);
    const json = (await res.json()) as Record<string, unknown>;
    assert.deepEqual([json.errcode, json.sub_code], [88, "40014"]);
    assert.equal(fake.calls.at(-1)?.errorCode, "88:40014");
  });

  it("checks cards like DingTalk: template, string values ≤1 KB, IM_ROBOT spaces, registered routes, unique outTrackId", async () => {
    const t = await token();
    const deliver = (body: unknown) => call("POST", "/v1.0/card/instances/createAndDeliver", { token: t, body });
    assert.equal((await deliver(card("c-1", { cardTemplateId: "other.schema" }))).json.code, "param.templateNotExist");
    assert.equal((await deliver(card("c-1", { cardData: { cardParamMap: { n: 1 } } }))).json.code, "param.invalid");
    assert.equal((await deliver(card("c-1", { cardData: { cardParamMap: { long: "x".repeat(1025) } } }))).json.code, "param.invalid");
    assert.equal((await deliver(card("c-1", { openSpaceId: "dtv1.card//IM_GROUP.cid123" }))).json.code, "param.openSpaceIdInvalid");
    assert.equal((await deliver(card("c-1", { openSpaceId: "IM_ROBOT.wangfang" }))).json.code, "param.openSpaceIdInvalid");
    assert.equal((await deliver(card("c-1", { imRobotOpenDeliverModel: undefined }))).json.code, "param.openDeliverModelEmpty");
    assert.equal((await deliver(card("c-1", { callbackType: "HTTP", callbackRouteKey: "nope" }))).json.code, "param.invalid");
    assert.equal((await deliver(card("c-1", { openSpaceId: "dtv1.card//IM_ROBOT.ghost" }))).json.code, "param.userIdNotExist");
    const okAnswer = await deliver(card("c-1", { cardData: { cardParamMap: { long: "x".repeat(1024) } } }));
    assert.equal(okAnswer.status, 200);
    assert.deepEqual(okAnswer.json.result, {
      outTrackId: "c-1",
      deliverResults: [{ spaceType: "IM_ROBOT", spaceId: "wangfang", success: true, carrierId: "sandbox-wangfang" }],
    });
    assert.equal((await deliver(card("c-1"))).json.code, "param.cardAlreadyExist");
    const byUnion = await deliver(card("c-2", { openSpaceId: "dtv1.card//IM_ROBOT.union-lilei", userIdType: 2 }));
    assert.equal(byUnion.status, 200);
    assert.equal(fake.inbox("lilei")[0]?.taskId, "c-2");
    const both = await call("PUT", "/v1.0/card/instances", { token: t, body: { outTrackId: "c-2" } });
    assert.equal(both.json.code, "param.cardDataAndPrivateDataBothEmpty");
  });

  it("shows a button slot with action<N>Url as a link button (no key), which a click refuses: it calls nothing back", async () => {
    const t = await token();
    const params = {
      title: "退费审批 · 张小明",
      decided: "false",
      action1Key: "approve", action1Text: "去填写打款", action1Style: "primary", action1Url: "https://xg.example.com/app/approvals/9?action=approve",
      action2Key: "reject", action2Text: "驳回", action2Style: "danger", action2Url: "https://xg.example.com/app/approvals/9?action=reject",
      action3Key: "later", action3Text: "稍后", action3Style: "default", action3Url: "",
    };
    const sent = await call("POST", "/v1.0/card/instances/createAndDeliver", { token: t, body: card("c-links", { cardData: { cardParamMap: params } }) });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const view = fake.inbox("wangfang").find((c) => c.taskId === "c-links");
    assert.deepEqual(view?.buttons, [
      { url: "https://xg.example.com/app/approvals/9?action=approve", text: "去填写打款", style: "primary" },
      { url: "https://xg.example.com/app/approvals/9?action=reject", text: "驳回", style: "danger" },
      { key: "later", text: "稍后", style: "default" },
    ]);
    await assert.rejects(fake.click({ userId: "wangfang", taskId: "c-links", actionKey: "reject" }), /sends no callback/);
  });

  it("keeps a registered callback route unless forceUpdate", async () => {
    const t = await token();
    const register = (callbackUrl: string, forceUpdate: boolean) =>
      call("POST", "/v1.0/card/callbacks/register", { token: t, body: { callbackRouteKey: "rk", callbackUrl, apiSecret: "s", forceUpdate } });
    await register("http://127.0.0.1:1/a", false);
    const kept = await register("http://127.0.0.1:1/b", false);
    assert.deepEqual(kept.json.result, { callbackUrl: "http://127.0.0.1:1/a", apiSecret: "s" });
    await register("http://127.0.0.1:1/b", true);
    assert.equal(fake.callbackRoutes().rk, "http://127.0.0.1:1/b");
    assert.equal((await call("POST", "/v1.0/card/callbacks/register", { token: t, body: { callbackUrl: "http://x" } })).json.code, "param.callbackRouteKeyEmpty");
  });

  it("checks todos: members' unionIds, detailUrl required, one task per sourceId", async () => {
    const t = await token();
    const create = (unionId: string, body: Record<string, unknown>) =>
      call("POST", `/v1.0/todo/users/${unionId}/tasks?operatorId=${unionId}`, { token: t, body });
    const body = { subject: "回访", executorIds: ["union-wangfang"], sourceId: "s-1", detailUrl: { appUrl: "https://x/t", pcUrl: "https://x/t" } };
    assert.deepEqual((await create("union-ghost", body)).json.message, "user not exist");
    assert.deepEqual((await create("union-wangfang", { ...body, detailUrl: undefined })).json.message, "detailUrl is required");
    assert.deepEqual((await create("union-wangfang", { ...body, subject: "长".repeat(1025) })).json.message, "subject is oversize");
    const made = await create("union-wangfang", body);
    assert.equal(made.status, 200);
    assert.match(String(made.json.id), /^task/);
    const again = await create("union-wangfang", body);
    assert.deepEqual([again.status, again.json.code, again.json.message], [400, "todo.taskCreate.paramError", "task exist"]);
    const found = await call("GET", "/v1.0/todo/users/union-wangfang/tasks/sources/s-1", { token: t });
    assert.equal(found.json.id, made.json.id);
    assert.equal(fake.todos("wangfang").length, 1);
    assert.deepEqual(fake.todos("zhangwei"), [], "no unionId, no todos");
  });

  it("throttles each API at its limit per second; throttled calls do not count", async () => {
    const local = fixedClock(START);
    const limited = createDingtalkFake({ directory: () => MEMBERS, clock: local, faults: new SandboxFaults(local), appBaseUrl: () => app.url }, { qpsLimit: 3 });
    const s = await startFakeServer(limited);
    try {
      const post = (path: string, body: unknown, t?: string) =>
        fetch(`${s.apiBase}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { "x-acs-dingtalk-access-token": t } : {}) },
          body: JSON.stringify(body),
        });
      const tokenRes = await post("/v1.0/oauth2/accessToken", { appKey: SANDBOX_DINGTALK.appKey, appSecret: SANDBOX_DINGTALK.appSecret });
      const t = String(((await tokenRes.json()) as Record<string, unknown>).accessToken);
      const statuses = async (n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await post("/v1.0/oauth2/jsapiTickets", {}, t)).status);
        return out;
      };
      assert.deepEqual(await statuses(5), [200, 200, 200, 403, 403]);
      assert.equal(limited.calls.at(-1)?.errorCode, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
      local.advance(999);
      assert.deepEqual(await statuses(1), [403]);
      local.advance(1);
      assert.deepEqual(await statuses(4), [200, 200, 200, 403]);
    } finally {
      await s.close();
    }
  });

  it("pushes events to the app encrypted for the app key, and checks the encrypted success reply", async () => {
    const check = await fake.verifyCallbackUrl();
    assert.equal(check.ok, true);
    const pushed = await fake.pushEvent("user_add_org", { userId: ["lilei"], timeStamp: String(clock.now()) });
    assert.equal(pushed.via, "http");
    assert.equal(pushed.acknowledged, true);
    const event = app.events.at(-1);
    assert.equal(event?.kind, "other");
    assert.equal(event?.eventKey, pushed.eventId);
    assert.deepEqual(event?.kind === "other" ? event.payload.userId : undefined, ["lilei"]);
    ownerKey = "dingSomeOtherApp";
    const refused = await fake.pushEvent("user_add_org", { userId: ["lilei"] });
    assert.deepEqual([refused.status, refused.acknowledged], [400, false]);
    assert.equal(app.refusals.at(-1)?.reason, "wrong_receiver");
    ownerKey = SANDBOX_DINGTALK.appKey;
  });
});
