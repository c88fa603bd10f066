// The fake WeCom on its own, over raw HTTP: WeCom's answers and error codes for tokens, card sends
// (task_id rules, card checks, recipients), the silent per-member drop, response codes, OAuth codes,
// tickets, and each injected fault.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../../../server/core/clock";
import { SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import { WecomFakeState } from "../../../server/sandbox/wecom/wecomFakeState";
import { callsOf, MEMBERS, START, startWecomKit, type WecomKit } from "./wecomTestKit";

type Json = Record<string, unknown> & { errcode?: number; errmsg?: string };

describe("WeCom fake", () => {
  let kit: WecomKit;
  let token = "";
  let seq = 0;

  const api = (path: string, query: Record<string, string> = {}) => {
    const url = new URL(`${kit.server.apiBase}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  };
  const getJson = async (path: string, query: Record<string, string> = {}): Promise<Json> =>
    (await (await fetch(api(path, query))).json()) as Json;
  const postJson = async (path: string, body: unknown, query: Record<string, string> = { access_token: token }): Promise<Json> =>
    (await (
      await fetch(api(path, query), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    ).json()) as Json;
  const fetchToken = async () => {
    const res = await getJson("/cgi-bin/gettoken", { corpid: SANDBOX_WECOM.corpId, corpsecret: SANDBOX_WECOM.secret });
    return String(res.access_token);
  };

  const templateCard = (taskId: string, over: Record<string, unknown> = {}) => ({
    card_type: "button_interaction",
    task_id: taskId,
    main_title: { title: "请假审批", desc: "李雷 3月5日" },
    horizontal_content_list: [{ keyname: "学员", value: "李雷" }],
    card_action: { type: 1, url: "https://xueguan.example.com/leave/1" },
    button_list: [
      { text: "同意", style: 1, key: "approve" },
      { text: "稍后", style: 2, key: "later" },
      { text: "驳回", style: 4, key: "reject" },
    ],
    ...over,
  });
  const send = (touser: string, card: unknown, extra: Record<string, unknown> = {}) =>
    postJson("/cgi-bin/message/send", { touser, msgtype: "template_card", agentid: 1000002, template_card: card, ...extra });
  const nextTask = () => `task-${++seq}`;

  before(async () => {
    kit = await startWecomKit();
    token = await fetchToken();
  });
  after(() => kit.close());

  describe("access tokens", () => {
    it("gettoken answers WeCom's shape and refuses a wrong corp id or secret", async () => {
      const ok = await getJson("/cgi-bin/gettoken", { corpid: SANDBOX_WECOM.corpId, corpsecret: SANDBOX_WECOM.secret });
      assert.equal(ok.errcode, 0);
      assert.equal(ok.errmsg, "ok");
      assert.equal(ok.expires_in, 7200);
      assert.equal(typeof ok.access_token, "string");
      assert.equal((await getJson("/cgi-bin/gettoken", { corpid: "wwother", corpsecret: SANDBOX_WECOM.secret })).errcode, 40013);
      assert.equal((await getJson("/cgi-bin/gettoken", { corpid: SANDBOX_WECOM.corpId, corpsecret: "nope" })).errcode, 40001);
      const refused = await getJson("/cgi-bin/gettoken", { corpid: "wwother", corpsecret: "nope" });
      assert.match(String(refused.errmsg), /more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40013/);
    });

    it("every other API wants a live token: 41001 missing, 40014 unknown, 42001 expired", async () => {
      assert.equal((await postJson("/cgi-bin/message/send", {}, {})).errcode, 41001);
      assert.equal((await postJson("/cgi-bin/message/send", {}, { access_token: "forged" })).errcode, 40014);
      const old = await fetchToken();
      kit.clock.advance(7200_000);
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: old })).errcode, 42001);
      token = await fetchToken();
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token })).errcode, 0);
      kit.fake.expireTokens();
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token })).errcode, 42001);
      token = await fetchToken();
    });
  });

  describe("message/send", () => {
    it("delivers to members, lists unknown ones lowercased, answers a response code and msgid", async () => {
      const taskId = nextTask();
      const res = await send("lilei|Stranger|WANGFANG", templateCard(taskId));
      assert.equal(res.errcode, 0);
      assert.equal(res.invaliduser, "stranger");
      assert.equal(typeof res.response_code, "string");
      assert.equal(typeof res.msgid, "string");
      assert.equal(kit.fake.inbox("lilei")[0]?.taskId, taskId);
      assert.equal(kit.fake.inbox("WangFang")[0]?.taskId, taskId);
      const view = kit.fake.inbox("lilei")[0];
      assert.deepEqual(
        view?.buttons.map((b) => b.style),
        ["primary", "default", "danger"],
      );
      assert.equal(view?.detailUrl, "https://xueguan.example.com/leave/1");
      assert.equal(view?.subtitle, "李雷 3月5日");
    });

    it("all recipients invalid is 81013, and the task_id stays unused", async () => {
      const taskId = nextTask();
      assert.equal((await send("ghost|dt-only", templateCard(taskId))).errcode, 81013);
      assert.equal((await send("lilei", templateCard(taskId))).errcode, 0);
    });

    it("a task_id is never reused, and must be [0-9A-Za-z_-@] within 128 bytes (42014)", async () => {
      const taskId = nextTask();
      assert.equal((await send("hanmeimei", templateCard(taskId))).errcode, 0);
      assert.equal((await send("hanmeimei", templateCard(taskId))).errcode, 42014);
      assert.equal((await send("hanmeimei", templateCard("has space"))).errcode, 42014);
      assert.equal((await send("hanmeimei", templateCard("x".repeat(129)))).errcode, 42014);
      assert.equal((await send("hanmeimei", templateCard("@_-Az09".repeat(18)))).errcode, 0);
      assert.equal((await send("hanmeimei", templateCard(""))).errcode, 42014);
    });

    it("checks the card like WeCom", async () => {
      const buttons = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `b${i}`, key: `k${i}` }));
      const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ keyname: `k${i}`, value: "v" }));
      const cases: [Record<string, unknown>, number][] = [
        [{ button_list: [] }, 40058],
        [{ button_list: buttons(7) }, 40058],
        [{ button_list: [{ text: "a", key: "same" }, { text: "b", key: "same" }] }, 42039],
        [{ button_list: [{ text: "a" }] }, 42039],
        [{ button_list: [{ key: "a" }] }, 42038],
        [{ main_title: {} }, 41016],
        [{ horizontal_content_list: rows(7) }, 42035],
        [{ horizontal_content_list: [{ value: "no key" }] }, 42027],
        [{ card_type: "text_notice" }, 42031],
      ];
      for (const [over, errcode] of cases) {
        assert.equal((await send("lilei", templateCard(nextTask(), over))).errcode, errcode, JSON.stringify(over));
      }
      assert.equal((await send("lilei", templateCard(nextTask(), { main_title: {}, sub_title_text: "只有副标题" }))).errcode, 0);
      assert.equal((await send("lilei", templateCard(nextTask()), { agentid: 1000003 })).errcode, 40056);
      assert.equal((await send("lilei", templateCard(nextTask()), { msgtype: "text" })).errcode, 40008);
      assert.equal((await send("", templateCard(nextTask()))).errcode, 82001);
    });

    it("the same member gets at most 30 a minute from the app; the rest is silently dropped", async () => {
      const before = kit.fake.dropped.length;
      const inboxBefore = kit.fake.inbox("zhangwei").length;
      for (let i = 0; i < 31; i += 1) {
        assert.equal((await send("zhangwei", templateCard(nextTask()))).errcode, 0);
      }
      assert.equal(kit.fake.inbox("zhangwei").length - inboxBefore, 30);
      assert.equal(kit.fake.dropped.length - before, 1);
      assert.equal(kit.fake.dropped.at(-1)?.userId, "zhangwei");
      assert.equal(kit.fake.dropped.at(-1)?.limit, "minute");
      kit.clock.advance(60_000);
      assert.equal((await send("zhangwei", templateCard(nextTask()))).errcode, 0);
      assert.equal(kit.fake.inbox("zhangwei").length - inboxBefore, 31);
    });

    it("and at most 1000 an hour", () => {
      const clock = fixedClock(START);
      const state = new WecomFakeState(clock, () => MEMBERS);
      const card = templateCard("t");
      for (let minute = 0; minute < 40; minute += 1) {
        for (let i = 0; i < 25; i += 1) assert.equal(state.deliver("lilei", card, `t-${minute}-${i}`, "m"), true);
        clock.advance(60_000);
      }
      assert.equal(state.deliver("lilei", card, "over", "m"), false);
      assert.equal(state.dropped[0]?.limit, "hour");
      clock.advance(20 * 60_000);
      assert.equal(state.deliver("lilei", card, "later", "m"), true);
    });
  });

  describe("message/update_template_card", () => {
    it("a response code works once, for 72 hours, and must be one the fake issued (60140)", async () => {
      const taskId = nextTask();
      const sent = await send("liuyang|hanmeimei", templateCard(taskId));
      const code = String(sent.response_code);
      const update = (responseCode: string, extra: Record<string, unknown> = {}) =>
        postJson("/cgi-bin/message/update_template_card", { atall: 1, agentid: 1000002, response_code: responseCode, button: { replace_name: "已同意" }, ...extra });
      assert.equal((await update("made-up")).errcode, 60140);
      assert.deepEqual(await update(code), { errcode: 0, errmsg: "ok", invaliduser: [] });
      assert.equal(kit.fake.inbox("liuyang")[0]?.state, "已同意");
      assert.deepEqual(kit.fake.inbox("hanmeimei")[0]?.buttons, []);
      assert.equal((await update(code)).errcode, 60140);

      const later = await send("liuyang", templateCard(nextTask()));
      kit.clock.advance(72 * 3600_000 + 1);
      token = await fetchToken();
      assert.equal((await update(String(later.response_code))).errcode, 60140);
    });

    it("replaces the card for the listed users; others are listed as invalid", async () => {
      const taskId = nextTask();
      const sent = await send("lilei|WangFang", templateCard(taskId));
      const res = await postJson("/cgi-bin/message/update_template_card", {
        userids: ["lilei", "nobody"],
        agentid: 1000002,
        response_code: sent.response_code,
        template_card: templateCard(taskId, { replace_text: "已驳回" }),
      });
      assert.deepEqual(res, { errcode: 0, errmsg: "ok", invaliduser: ["nobody"] });
      assert.equal(kit.fake.inbox("lilei")[0]?.state, "已驳回");
      assert.equal(kit.fake.inbox("lilei")[0]?.updates, 1);
      assert.equal(kit.fake.inbox("WangFang")[0]?.state, undefined);
      assert.equal(kit.fake.inbox("WangFang")[0]?.buttons.length, 3);
    });

    it("needs targets and our agentid", async () => {
      const sent = await send("lilei", templateCard(nextTask()));
      const body = { agentid: 1000002, response_code: sent.response_code, button: { replace_name: "x" } };
      assert.equal((await postJson("/cgi-bin/message/update_template_card", body)).errcode, 82001);
      assert.equal((await postJson("/cgi-bin/message/update_template_card", { ...body, atall: 1, agentid: 7 })).errcode, 40056);
    });
  });

  describe("login codes and tickets", () => {
    it("getuserinfo: a code is single-use and lives 5 minutes (40029)", async () => {
      const code = kit.fake.loginCode("hanmeimei");
      assert.deepEqual(await getJson("/cgi-bin/auth/getuserinfo", { access_token: token, code }), {
        errcode: 0,
        errmsg: "ok",
        userid: "hanmeimei",
      });
      assert.equal((await getJson("/cgi-bin/auth/getuserinfo", { access_token: token, code })).errcode, 40029);
      const stale = kit.fake.loginCode("hanmeimei");
      kit.clock.advance(5 * 60_000 + 1);
      token = await fetchToken();
      assert.equal((await getJson("/cgi-bin/auth/getuserinfo", { access_token: token, code: stale })).errcode, 40029);
      assert.equal((await getJson("/cgi-bin/auth/getuserinfo", { access_token: token })).errcode, 41008);
    });

    it("the OAuth page only serves members of the corp and our corp id", async () => {
      const page = (query: Record<string, string>) =>
        fetch(
          api("/connect/oauth2/authorize", {
            appid: SANDBOX_WECOM.corpId,
            redirect_uri: "https://xueguan.example.com/auth/wecom?from=menu",
            response_type: "code",
            scope: "snsapi_base",
            state: "s1",
            userid: "lilei",
            ...query,
          }),
          { redirect: "manual" },
        );
      const ok = await page({});
      assert.equal(ok.status, 302);
      const location = new URL(ok.headers.get("location") ?? "");
      assert.equal(location.searchParams.get("from"), "menu");
      assert.equal(location.searchParams.get("state"), "s1");
      assert.equal((await page({ userid: "ghost" })).status, 403);
      assert.equal((await page({ appid: "wwother" })).status, 400);
      assert.equal((await page({ state: "not-alnum!" })).status, 400);
    });

    it("hands out both JS-SDK tickets", async () => {
      const corp = await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token });
      const agent = await getJson("/cgi-bin/ticket/get", { access_token: token, type: "agent_config" });
      assert.equal(corp.errcode, 0);
      assert.equal(corp.expires_in, 7200);
      assert.equal(agent.errcode, 0);
      assert.notEqual(corp.ticket, agent.ticket);
      assert.equal((await getJson("/cgi-bin/ticket/get", { access_token: token, type: "wx_card" })).errcode, 91040);
    });
  });

  describe("faults", () => {
    it("slow answers normally, server_error is a 503 that is not JSON, rate_limit is 45009", async () => {
      kit.faults.add({ platform: "wecom", api: "get_jsapi_ticket", kind: "slow", delayMs: 5, times: 1 });
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token })).errcode, 0);

      kit.faults.add({ platform: "wecom", api: "get_jsapi_ticket", kind: "server_error", times: 1 });
      const res = await fetch(api("/cgi-bin/get_jsapi_ticket", { access_token: token }));
      assert.equal(res.status, 503);
      const text = await res.text();
      assert.throws(() => JSON.parse(text));

      kit.faults.add({ platform: "wecom", api: "get_jsapi_ticket", kind: "rate_limit", times: 1 });
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token })).errcode, 45009);
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token })).errcode, 0);
    });

    it("network drops the connection without an answer, and is not recorded as a call", async () => {
      const before = callsOf(kit.fake, "/cgi-bin/get_jsapi_ticket").length;
      kit.faults.add({ platform: "wecom", api: "get_jsapi_ticket", kind: "network", times: 1 });
      await assert.rejects(fetch(api("/cgi-bin/get_jsapi_ticket", { access_token: token })), TypeError);
      assert.equal(callsOf(kit.fake, "/cgi-bin/get_jsapi_ticket").length, before);
    });

    it("a fault without an api spares gettoken, as the fault rules say", async () => {
      kit.faults.add({ platform: "wecom", kind: "rate_limit", times: 1 });
      assert.equal((await getJson("/cgi-bin/gettoken", { corpid: SANDBOX_WECOM.corpId, corpsecret: SANDBOX_WECOM.secret })).errcode, 0);
      assert.equal((await getJson("/cgi-bin/get_jsapi_ticket", { access_token: token })).errcode, 45009);
    });

    it("records answered calls with their errcode", () => {
      const last = kit.fake.calls.at(-1);
      assert.equal(last?.platform, "wecom");
      assert.equal(last?.api, "/cgi-bin/get_jsapi_ticket");
      assert.equal(last?.status, 200);
      assert.equal(last?.errorCode, "45009");
      assert.deepEqual(kit.fake.todos("lilei"), []);
    });
  });
});
