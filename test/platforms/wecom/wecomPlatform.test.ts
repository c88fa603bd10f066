// The WeCom adapter against the fake WeCom over HTTP: cards (send, update, single-use response
// codes, already-delivered task ids), login codes, JS-SDK signatures against the notes' vector, the
// shared token under concurrency and early expiry, and how each failure is classified.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../../../server/core/clock";
import { PlatformError } from "../../../server/platforms/platformError";
import { createWecomPlatform } from "../../../server/platforms/wecom/wecomPlatform";
import { wecomError } from "../../../server/platforms/wecom/wecomErrors";
import { callsOf, cardModel, rejectsPlatform, startWecomKit, type WecomKit } from "./wecomTestKit";

const SEND = "/cgi-bin/message/send";
const UPDATE = "/cgi-bin/message/update_template_card";
const GETTOKEN = "/cgi-bin/gettoken";

describe("WeCom adapter: cards", () => {
  let kit: WecomKit;
  before(async () => {
    kit = await startWecomKit();
  });
  after(() => kit.close());

  it("sends a button_interaction card that shows up in the recipient's inbox", async () => {
    const result = await kit.platform.sendCard({ card: cardModel("xg-1-1-aaaa"), to: [{ userId: "WangFang" }] });
    assert.equal(typeof result.responseCode, "string");
    assert.equal(result.alreadyDelivered, undefined);
    const [view, ...rest] = kit.fake.inbox("WangFang");
    assert.equal(rest.length, 0);
    assert.deepEqual(view, {
      platform: "wecom",
      taskId: "xg-1-1-aaaa",
      userId: "WangFang",
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
    const send = callsOf(kit.fake, SEND).at(-1);
    assert.deepEqual(
      send?.request && typeof send.request === "object" ? Object.keys(send.request).sort() : [],
      ["agentid", "msgtype", "template_card", "touser"],
    );
    assert.equal((send?.request as { agentid?: unknown }).agentid, 1000002);
  });

  it("updates the card with the send's response code, once", async () => {
    const to = [{ userId: "lilei" }];
    const card = cardModel("xg-1-2-bbbb");
    const { responseCode } = await kit.platform.sendCard({ card, to });
    kit.clock.advance(60_000);
    await kit.platform.updateCard({ card: { ...card, state: "已由 李雷 确认" }, to, responseCode });
    const [view] = kit.fake.inbox("lilei");
    assert.equal(view?.state, "已由 李雷 确认");
    assert.deepEqual(view?.buttons, []);
    assert.equal(view?.updates, 1);
    assert.equal(view?.updatedAt, kit.clock.now());
    await rejectsPlatform(kit.platform.updateCard({ card: { ...card, state: "again" }, to, responseCode }), "permanent", "60140");
  });

  it("an expired response code (72 h) is refused with 60140", async () => {
    const to = [{ userId: "hanmeimei" }];
    const card = cardModel("xg-1-3-cccc");
    const { responseCode } = await kit.platform.sendCard({ card, to });
    kit.clock.advance(72 * 3600_000 + 1);
    await rejectsPlatform(kit.platform.updateCard({ card: { ...card, state: "过期" }, to, responseCode }), "permanent", "60140");
  });

  it("an update without a response code is refused before any call", async () => {
    const before = kit.fake.calls.length;
    await rejectsPlatform(
      kit.platform.updateCard({ card: cardModel("xg-1-4-dddd"), to: [{ userId: "lilei" }] }),
      "permanent",
      "no_response_code",
    );
    assert.equal(kit.fake.calls.length, before);
  });

  it("a task_id WeCom already has means an earlier attempt got through", async () => {
    const card = cardModel("xg-1-5-eeee");
    await kit.platform.sendCard({ card, to: [{ userId: "zhangwei" }] });
    assert.deepEqual(await kit.platform.sendCard({ card, to: [{ userId: "zhangwei" }] }), { alreadyDelivered: true });
    assert.equal(callsOf(kit.fake, SEND).at(-1)?.errorCode, "42014");
    assert.equal(kit.fake.inbox("zhangwei").length, 1);
  });

  it("partly invalid recipients still deliver; all invalid is permanent 81013", async () => {
    const result = await kit.platform.sendCard({
      card: cardModel("xg-1-6-ffff"),
      to: [{ userId: "liuyang" }, { userId: "Nobody" }],
    });
    assert.equal(typeof result.responseCode, "string");
    assert.equal(kit.fake.inbox("liuyang")[0]?.taskId, "xg-1-6-ffff");
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-1-7-gggg"), to: [{ userId: "Nobody" }] }), "permanent", "81013");
  });

  it("a card WeCom would refuse is permanent and never sent", async () => {
    const before = kit.fake.calls.length;
    const actions = Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, text: `按钮${i}`, style: "default" as const }));
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-1-8-hhhh", { actions }), to: [{ userId: "lilei" }] }), "permanent", "bad_card");
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-1-9-iiii"), to: [] }), "permanent", "no_recipients");
    assert.equal(kit.fake.calls.length, before);
  });

  it("todos are not a WeCom thing: they go out as cards", async () => {
    assert.equal(kit.platform.todos, "as_card");
    const todo = { todoId: "t1", executor: { userId: "lilei" } };
    await assert.rejects(
      kit.platform.createTodo({ sourceId: "s1", subject: "回访", detailUrl: "https://x.example.com", executor: { userId: "lilei" } }),
      /delivered as cards/,
    );
    await assert.rejects(kit.platform.completeTodo(todo), /delivered as cards/);
    await assert.rejects(kit.platform.deleteTodo(todo), /delivered as cards/);
  });
});

describe("WeCom adapter: login codes", () => {
  let kit: WecomKit;
  before(async () => {
    kit = await startWecomKit();
  });
  after(() => kit.close());

  it("the OAuth page redirects with a code the adapter exchanges once for the userid", async () => {
    const authorize = new URL(`${kit.server.apiBase}/connect/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      appid: kit.config.corpId,
      redirect_uri: "https://xueguan.example.com/auth/wecom",
      response_type: "code",
      scope: "snsapi_base",
      state: "abc123",
      agentid: kit.config.agentId,
      userid: "wangfang",
    }).toString();
    const res = await fetch(authorize, { redirect: "manual" });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get("location") ?? "");
    assert.equal(location.origin + location.pathname, "https://xueguan.example.com/auth/wecom");
    assert.equal(location.searchParams.get("state"), "abc123");
    const code = location.searchParams.get("code") ?? "";
    assert.deepEqual(await kit.platform.userFromLoginCode(code), { userId: "WangFang" });
    await rejectsPlatform(kit.platform.userFromLoginCode(code), "permanent", "40029");
  });

  it("a code older than 5 minutes is refused with 40029", async () => {
    const code = kit.fake.loginCode("lilei");
    kit.clock.advance(5 * 60_000 + 1);
    await rejectsPlatform(kit.platform.userFromLoginCode(code), "permanent", "40029");
  });

  it("someone outside the corp is not a member", async () => {
    await rejectsPlatform(kit.platform.userFromLoginCode(kit.fake.loginCode("outsider")), "permanent", "not_member");
  });
});

describe("WeCom adapter: JS-SDK page signatures", () => {
  // The verified vector of docs/platforms/wecom.md §9: ticket, noncestr, timestamp and url → signature.
  const TICKET = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
  const AGENT_TICKET = "sandbox-agent-ticket-for-the-test";
  let kit: WecomKit;
  before(async () => {
    kit = await startWecomKit({
      start: 1414587457_000,
      fake: { tickets: { jsapi: TICKET, agentConfig: AGENT_TICKET } },
      nonce: () => "Wm3WZYTPz0wzccnW",
    });
  });
  after(() => kit.close());

  it("signs the page without its #fragment with the corp ticket, and the app ticket for agentConfig", async () => {
    const signed = await kit.platform.signPage("http://mp.weixin.qq.com?params=value#/lessons/1");
    const agentSignature = createHash("sha1")
      .update(`jsapi_ticket=${AGENT_TICKET}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value`)
      .digest("hex");
    assert.deepEqual(signed, {
      platform: "wecom",
      corpId: kit.config.corpId,
      agentId: kit.config.agentId,
      timestamp: 1414587457,
      nonceStr: "Wm3WZYTPz0wzccnW",
      signature: "0f9de62fce790f9a083d5c99e95740ceb90c27ed",
      agentSignature,
    });
  });

  it("caches both tickets", async () => {
    await kit.platform.signPage("http://mp.weixin.qq.com?params=value");
    await kit.platform.signPage("http://mp.weixin.qq.com?params=value");
    assert.equal(callsOf(kit.fake, "/cgi-bin/get_jsapi_ticket").length, 1);
    assert.equal(callsOf(kit.fake, "/cgi-bin/ticket/get").length, 1);
    assert.equal(callsOf(kit.fake, GETTOKEN).length, 1);
  });
});

describe("WeCom adapter: the access token", () => {
  let kit: WecomKit;
  before(async () => {
    kit = await startWecomKit();
  });
  after(() => kit.close());

  it("50 concurrent sends on an early-expired token fetch exactly one new token", async () => {
    await kit.platform.sendCard({ card: cardModel("xg-2-0-warm"), to: [{ userId: "lilei" }] });
    assert.equal(callsOf(kit.fake, GETTOKEN).length, 1);
    kit.fake.expireTokens();
    const from = kit.fake.calls.length;
    const users = ["WangFang", "lilei", "hanmeimei", "zhangwei", "liuyang"];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        kit.platform.sendCard({ card: cardModel(`xg-2-${i}-conc`), to: [{ userId: users[i % users.length] ?? "lilei" }] }),
      ),
    );
    assert.ok(results.every((r) => typeof r.responseCode === "string"));
    assert.equal(callsOf(kit.fake, GETTOKEN, from).length, 1);
    const sends = callsOf(kit.fake, SEND, from);
    assert.equal(sends.filter((c) => c.errorCode === "42001").length, 50);
    assert.equal(sends.filter((c) => c.errorCode === undefined).length, 50);
    assert.equal(kit.fake.dropped.length, 0);
  });

  it("a token expired mid-way is refreshed and the call retried once", async () => {
    const card = cardModel("xg-3-1-midw");
    const { responseCode } = await kit.platform.sendCard({ card, to: [{ userId: "WangFang" }] });
    kit.fake.expireTokens();
    const from = kit.fake.calls.length;
    await kit.platform.updateCard({ card: { ...card, state: "已处理" }, to: [{ userId: "WangFang" }], responseCode });
    assert.deepEqual(
      kit.fake.calls.slice(from).map((c) => [c.api, c.errorCode]),
      [
        [UPDATE, "42001"],
        [GETTOKEN, undefined],
        [UPDATE, undefined],
      ],
    );
  });

  it("the token refreshes early, before WeCom's 7200 s are up", async () => {
    const from = kit.fake.calls.length;
    kit.clock.advance(7200_000 - 5 * 60_000);
    await kit.platform.sendCard({ card: cardModel("xg-3-2-early"), to: [{ userId: "hanmeimei" }] });
    assert.deepEqual(
      kit.fake.calls.slice(from).map((c) => [c.api, c.errorCode]),
      [
        [GETTOKEN, undefined],
        [SEND, undefined],
      ],
    );
  });
});

describe("WeCom adapter: failures are classified by errcode", () => {
  let kit: WecomKit;
  before(async () => {
    kit = await startWecomKit();
  });
  after(() => kit.close());

  it("45009 from a throttled send is rate_limited for a minute", async () => {
    kit.faults.add({ platform: "wecom", api: "message/send", kind: "rate_limit", times: 1 });
    const err = await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-4-1-rate"), to: [{ userId: "lilei" }] }), "rate_limited", "45009");
    assert.equal(err.retryAfterMs, 60_000);
    assert.equal(err.retryable, true);
  });

  it("a 503 with an HTML body is transient", async () => {
    kit.faults.add({ platform: "wecom", api: "message/send", kind: "server_error", times: 1 });
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-4-2-http"), to: [{ userId: "lilei" }] }), "transient", "http_503");
  });

  it("a dropped connection is transient", async () => {
    kit.faults.add({ platform: "wecom", api: "message/send", kind: "network", times: 1 });
    await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-4-3-netw"), to: [{ userId: "lilei" }] }), "transient", "network");
  });

  it("a slow answer is still an answer", async () => {
    kit.faults.add({ platform: "wecom", api: "message/send", kind: "slow", delayMs: 5, times: 1 });
    const result = await kit.platform.sendCard({ card: cardModel("xg-4-4-slow"), to: [{ userId: "lilei" }] });
    assert.equal(typeof result.responseCode, "string");
  });

  it("maps errcodes, never errmsg", () => {
    const kinds = (code: number) => {
      const err = wecomError(code, "whatever the message says: system busy", "/cgi-bin/x");
      return [err.kind, err.code, err.retryAfterMs];
    };
    assert.deepEqual(kinds(-1), ["transient", "-1", undefined]);
    assert.deepEqual(kinds(45009), ["rate_limited", "45009", 60_000]);
    assert.deepEqual(kinds(45033), ["rate_limited", "45033", 60_000]);
    for (const code of [40014, 42001, 41001]) assert.equal(kinds(code)[0], "token");
    for (const code of [81013, 40029, 60011, 60020, 48002, 40001, 40013, 43012, 42045, 60140]) {
      assert.deepEqual(kinds(code).slice(0, 2), ["permanent", String(code)]);
    }
  });
});

describe("WeCom adapter against a misbehaving server", () => {
  // A stand-in for WeCom answering what the fake never does: errcode -1, a token refused even when
  // fresh, and a 200 that is not JSON.
  let url = "";
  let answer: (path: string) => { status: number; body: string } = () => ({ status: 200, body: "{}" });
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    seen.push(path);
    const out = path === GETTOKEN ? { status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok", access_token: `t${seen.length}`, expires_in: 7200 }) } : answer(path);
    req.resume();
    res.writeHead(out.status, { "content-type": "application/json" }).end(out.body);
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const adapter = () =>
    createWecomPlatform(
      { corpId: "ww1", agentId: "1000002", secret: "s", token: "t", encodingAesKey: "a".repeat(43), apiBase: url },
      { clock: fixedClock(0) },
    );

  it("errcode -1 is transient", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ errcode: -1, errmsg: "system busy" }) });
    await rejectsPlatform(adapter().sendCard({ card: cardModel("xg-5-1-busy"), to: [{ userId: "u" }] }), "transient", "-1");
  });

  it("a token refused again after one refresh surfaces as kind token (one retry, not a loop)", async () => {
    seen.length = 0;
    answer = () => ({ status: 200, body: JSON.stringify({ errcode: 40014, errmsg: "invalid access_token" }) });
    const err = await rejectsPlatform(adapter().sendCard({ card: cardModel("xg-5-2-tokn"), to: [{ userId: "u" }] }), "token", "40014");
    assert.ok(err instanceof PlatformError);
    assert.deepEqual(seen, [GETTOKEN, SEND, GETTOKEN, SEND]);
  });

  it("a 200 that is not JSON is transient", async () => {
    answer = () => ({ status: 200, body: "<html>gateway</html>" });
    await rejectsPlatform(adapter().sendCard({ card: cardModel("xg-5-3-html"), to: [{ userId: "u" }] }), "transient", "bad_json");
  });
});
