// The /sandbox pages against stub fakes: the staff list (names, roles, accounts, escaping), an inbox
// (WeCom and DingTalk cards, a decided card, todos, empty states, login links), the click form (what
// reaches the fake, the redirect, refusals as readable notices) and the DingTalk 免登 shortcut.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { staff } from "../../../server/db/schema";
import { makeStaff } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { startSandboxPages, type SandboxPages } from "./sandboxPageServer";
import { stubCard } from "./stubFake";

const MIN = 60_000;

/** The state of the login round trip a response started: its xg_login_state cookie, less the issue time. */
const stateCookie = (headers: Headers) =>
  /xg_login_state=([0-9a-f]+)\./.exec(headers.getSetCookie().join("; "))?.[1] ?? "(no state cookie)";

describe("the /sandbox pages", () => {
  let s: SandboxPages;
  let seq = 0;
  const uid = (p: string) => `${p}${++seq}`;

  before(async () => {
    s = await startSandboxPages();
  });
  after(() => s.close());

  it("lists the active staff with their role labels, platform accounts and inbox links", async () => {
    const both = makeStaff(s.db, { name: "王老师", roles: ["teacher", "head_teacher"], wecomUserId: uid("wang"), dingtalkUserId: uid("dwang") });
    const wecomOnly = makeStaff(s.db, { name: "李顾问", roles: ["advisor"], wecomUserId: uid("li") });
    const none = makeStaff(s.db, { name: "赵财务", roles: ["finance"] });
    const gone = makeStaff(s.db, { name: "已离职的钱", roles: ["teacher"], status: "left", wecomUserId: uid("qian") });
    s.wecom.cards.push(stubCard("wecom", both.wecomUserId ?? "", { receivedAt: T0 }));

    const res = await s.get("/sandbox");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.match(res.text, /<html lang="zh-CN">/);
    const item = (id: number) => res.text.match(new RegExp(`<li><a href="/sandbox/staff/${id}">.*?</li>`))?.[0] ?? "";
    assert.match(item(both.id), /王老师.*老师、班主任.*企业微信.*钉钉.*待处理 1/);
    assert.match(item(wecomOnly.id), /李顾问.*课程顾问.*企业微信/);
    assert.doesNotMatch(item(wecomOnly.id), /钉钉/);
    assert.match(item(none.id), /赵财务.*没有平台账号/);
    assert.equal(item(gone.id), "", "staff who left are not in the corp");
    assert.match(res.text, /本机上的模拟企业微信和模拟钉钉/);
  });

  it("shows the recent API calls newest first and the live fault rules", async () => {
    s.wecom.calls.push({ platform: "wecom", api: "/cgi-bin/gettoken", at: T0 - 2 * MIN, request: {}, status: 200 });
    s.dingtalk.calls.push({ platform: "dingtalk", api: "/v1.0/card/instances", at: T0 - MIN + 7_000, request: {}, status: 200, errorCode: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi" });
    s.faults.add({ kind: "rate_limit", platform: "wecom", api: "message/send", times: 2 });
    const res = await s.get("/sandbox");
    const rows = [...res.text.matchAll(/<tr><td>([\d:]+)<\/td><td>(.+?)<\/td><td class="api">(.+?)<\/td><td( class="err")?>(.+?)<\/td><\/tr>/g)];
    assert.deepEqual(
      rows.map((r) => [r[1], r[2], r[3], r[5]]),
      [
        ["08:59:07", "钉钉", "/v1.0/card/instances", "200 · Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"],
        ["08:58:00", "企业微信", "/cgi-bin/gettoken", "200"],
      ],
    );
    assert.equal(rows[0]?.[4], ' class="err"');
    assert.match(res.text, /企业微信 · 限流错误码 · 接口含“message\/send” · 剩 2 次/);
    s.faults.clear();
    s.wecom.calls.length = 0;
    s.dingtalk.calls.length = 0;
  });

  it("escapes staff names on the list and the inbox", async () => {
    const evil = makeStaff(s.db, { name: `<script>alert("x")</script>`, wecomUserId: uid("evil") });
    s.wecom.cards.push(stubCard("wecom", evil.wecomUserId ?? "", { title: "<img src=x onerror=alert(1)>", rows: [{ key: "备注", value: `"><b>` }] }));
    for (const path of ["/sandbox", `/sandbox/staff/${evil.id}`]) {
      const res = await s.get(path);
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.text, /<script>alert/);
      assert.match(res.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    }
    const inbox = await s.get(`/sandbox/staff/${evil.id}`);
    assert.doesNotMatch(inbox.text, /<img src=x/);
    assert.match(inbox.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(inbox.text, /&quot;&gt;&lt;b&gt;/);
  });

  describe("an inbox", () => {
    it("draws WeCom cards (title, desc, rows, buttons, detail link) and a decided card's grey state without buttons, newest first", async () => {
      const m = makeStaff(s.db, { name: "孙老师", wecomUserId: uid("sun") });
      const userId = m.wecomUserId ?? "";
      const open = stubCard("wecom", userId, { taskId: "leave-7-open", title: "请假审批：张小明", receivedAt: T0 - 5 * MIN, updatedAt: T0 - 5 * MIN });
      const decided = stubCard("wecom", userId, {
        taskId: "leave-6-done",
        title: "退费审批：李小红",
        buttons: [],
        state: "已同意（孙老师 09:00）",
        receivedAt: T0 - 24 * 60 * MIN,
        updatedAt: T0,
        updates: 1,
      });
      s.wecom.cards.push(decided, open);

      const res = await s.get(`/sandbox/staff/${m.id}`);
      assert.equal(res.status, 200);
      assert.match(res.text, /孙老师 的收件箱/);
      const openCard = res.text.match(/<article class="wc" id="card-wecom-leave-7-open">.*?<\/article>/)?.[0] ?? "";
      assert.match(openCard, /<div class="tt">请假审批：张小明<\/div><div class="ds">张小明 申请请假<\/div>/);
      assert.match(openCard, /<span class="k">学员<\/span><span class="v">张小明<\/span>.*<span class="k">课程<\/span><span class="v">五年级数学<\/span>/);
      assert.match(openCard, /<form method="post" action="\/sandbox\/click">.*name="taskId" value="leave-7-open".*name="actionKey" value="approve".*class="b-primary">同意<\/button>/);
      assert.match(openCard, /name="actionKey" value="reject".*class="b-danger">驳回<\/button>/);
      assert.match(openCard, /name="platform" value="wecom".*name="staffId" value="\d+"/);
      assert.match(openCard, new RegExp(`<a class="more" href="/sandbox/open/wecom/${m.id}\\?url=http%3A%2F%2F127\\.0\\.0\\.1%3A3000%2Fm%2Fapprovals%2F1">查看详情</a>`));
      const decidedCard = res.text.match(/<article class="wc" id="card-wecom-leave-6-done">.*?<\/article>/)?.[0] ?? "";
      assert.match(decidedCard, /<div class="final">已同意（孙老师 09:00）<\/div>/);
      assert.doesNotMatch(decidedCard, /<form|<button/);
      assert.ok(res.text.indexOf("leave-7-open") < res.text.indexOf("leave-6-done"), "newest first");
      assert.match(res.text, /08:55 收到<\/div><article class="wc" id="card-wecom-leave-7-open"/);
      assert.match(res.text, /3月1日 09:00 收到 · 09:00 更新<\/div><article class="wc" id="card-wecom-leave-6-done"/);
      assert.match(res.text, /<h2>钉钉<\/h2><p class="empty">没有钉钉账号<\/p>/);
    });

    it("draws DingTalk cards and todos (subject, due time, done state, link)", async () => {
      const m = makeStaff(s.db, { name: "周教务", roles: ["academic"], dingtalkUserId: uid("zhou"), dingtalkUnionId: uid("union-zhou") });
      const userId = m.dingtalkUserId ?? "";
      s.dingtalk.cards.push(stubCard("dingtalk", userId, { taskId: "transfer-3", title: "转班审批", receivedAt: T0 - MIN }));
      s.dingtalk.cards.push(stubCard("dingtalk", userId, { taskId: "transfer-2", title: "休学审批", buttons: [], state: "已驳回", receivedAt: T0 - 2 * MIN }));
      const todo = { platform: "dingtalk" as const, executor: userId, detailUrl: "http://127.0.0.1:3000/m/todo/1", deleted: false };
      s.dingtalk.todoList.push(
        { ...todo, todoId: "t1", sourceId: "s1", subject: "回访家长：张小明", dueAt: T0 + 3 * 60 * MIN, done: false, createdAt: T0 - 10 * MIN },
        { ...todo, todoId: "t2", sourceId: "s2", subject: "补课安排：李小红", dueAt: T0 - 60 * MIN, done: false, createdAt: T0 - 20 * MIN },
        { ...todo, todoId: "t3", sourceId: "s3", subject: "已完成的回访", done: true, createdAt: T0 - 30 * MIN },
        { ...todo, todoId: "t4", sourceId: "s4", subject: "删掉的待办", done: false, deleted: true, createdAt: T0 - 40 * MIN },
      );

      const res = await s.get(`/sandbox/staff/${m.id}`);
      const card = res.text.match(/<article class="dc" id="card-dingtalk-transfer-3">.*?<\/article>/)?.[0] ?? "";
      assert.match(card, /<div class="tt">转班审批<\/div>.*<span class="k">学员：<\/span><span class="v">张小明<\/span>/);
      assert.match(card, /class="b-primary">同意<\/button>/);
      assert.match(card, /name="platform" value="dingtalk"/);
      const decided = res.text.match(/<article class="dc" id="card-dingtalk-transfer-2">.*?<\/article>/)?.[0] ?? "";
      assert.match(decided, /<div class="final">已驳回<\/div>/);
      assert.doesNotMatch(decided, /<button/);
      assert.match(res.text, /<h2>企业微信<\/h2><p class="empty">没有企业微信账号<\/p>/);
      const todos = res.text.match(/<ul class="todos">.*?<\/ul>/)?.[0] ?? "";
      assert.match(todos, /<li class="open">.*?回访家长：张小明<\/a><div class="todo-due">截止 12:00<\/div>/);
      assert.match(
        todos,
        new RegExp(`<a class="todo-subject" href="/sandbox/open/dingtalk/${m.id}\\?url=http%3A%2F%2F127\\.0\\.0\\.1%3A3000%2Fm%2Ftodo%2F1">补课安排：李小红</a><div class="todo-due late">截止 08:00（已逾期）</div>`),
      );
      assert.match(todos, /<li class="done">.*?已完成的回访.*?已完成/);
      assert.doesNotMatch(todos, /删掉的待办/);
      assert.ok(todos.indexOf("回访家长") < todos.indexOf("补课安排"), "newest first");
      assert.match(res.text, /<a class="btn" href="\/sandbox\/login\/dingtalk\/\d+">以此身份打开小程序<\/a>/);
    });

    it("draws link buttons as links that open their page as the member (DingTalk 免登 / WeCom OAuth), never as click forms", async () => {
      const m = makeStaff(s.db, { name: "钱财务", roles: ["finance"], wecomUserId: uid("qian"), dingtalkUserId: uid("dqian") });
      const page = "http://127.0.0.1:3000/app/approvals/9";
      const links = {
        buttons: [
          { url: `${page}?action=approve`, text: "去填写打款", style: "primary" as const },
          { url: `${page}?action=reject`, text: "驳回", style: "danger" as const },
        ],
      };
      s.dingtalk.cards.push(stubCard("dingtalk", m.dingtalkUserId ?? "", { taskId: "refund-9-dt", receivedAt: T0, ...links }));
      s.wecom.cards.push(stubCard("wecom", m.wecomUserId ?? "", { taskId: "refund-9-wc", receivedAt: T0, ...links }));
      const res = await s.get(`/sandbox/staff/${m.id}`);
      for (const platform of ["dingtalk", "wecom"] as const) {
        const card = res.text.match(new RegExp(`<article class="\\w+" id="card-${platform}-refund-9-\\w+">.*?</article>`))?.[0] ?? "";
        assert.doesNotMatch(card, /<form|<button/, `${platform}: no click form for a link button`);
        const href = (text: string) => card.match(new RegExp(`<a class="b-\\w+" href="([^"]+)">${text}</a>`))?.[1]?.replace(/&amp;/g, "&");
        assert.equal(href("去填写打款"), `/sandbox/open/${platform}/${m.id}?url=${encodeURIComponent(`${page}?action=approve`)}`);
        assert.equal(href("驳回"), `/sandbox/open/${platform}/${m.id}?url=${encodeURIComponent(`${page}?action=reject`)}`);
      }

      // Followed on DingTalk: a fresh 免登 code for the member, landing on the page the button names.
      const dt = await s.get(`/sandbox/open/dingtalk/${m.id}?url=${encodeURIComponent(`${page}?action=reject`)}`);
      assert.equal(dt.status, 302);
      const landing = new URL(dt.location ?? "", "http://x");
      assert.equal(landing.pathname, "/auth/dingtalk/callback");
      assert.equal(landing.searchParams.get("code"), s.dingtalk.loginCodes.at(-1));
      assert.equal(landing.searchParams.get("next"), "/app/approvals/9?action=reject");
      assert.equal(landing.searchParams.get("state"), stateCookie(dt.headers), "the app's login round trip is started for the landing");
      // On WeCom: through the fake OAuth page as the member, back to the app's callback with the page as next.
      const wc = await s.get(`/sandbox/open/wecom/${m.id}?url=${encodeURIComponent(`${page}?action=reject`)}`);
      assert.equal(wc.status, 302);
      const authorize = new URL(wc.location ?? "", "http://x");
      assert.equal(authorize.pathname, "/sandbox/wecom/connect/oauth2/authorize");
      assert.equal(authorize.searchParams.get("userid"), m.wecomUserId);
      assert.equal(new URL(authorize.searchParams.get("redirect_uri") ?? "").searchParams.get("next"), "/app/approvals/9?action=reject");
      assert.equal(authorize.searchParams.get("state"), stateCookie(wc.headers));
    });

    it("refuses to open a card link for an unknown member, a missing account or an unsafe url", async () => {
      const wecomOnly = makeStaff(s.db, { wecomUserId: uid("only") });
      const url = encodeURIComponent("http://127.0.0.1:3000/app/approvals/1");
      assert.equal((await s.get(`/sandbox/open/wecom/999999?url=${url}`)).status, 404);
      assert.equal((await s.get(`/sandbox/open/dingtalk/${wecomOnly.id}?url=${url}`)).status, 404);
      assert.equal((await s.get(`/sandbox/open/qq/${wecomOnly.id}?url=${url}`)).status, 404);
      const bad = await s.get(`/sandbox/open/wecom/${wecomOnly.id}?url=${encodeURIComponent("javascript:alert(1)")}`);
      assert.equal(bad.status, 404);
      assert.match(bad.text, /卡片上的链接无法打开/);
      assert.equal((await s.get(`/sandbox/open/wecom/${wecomOnly.id}`)).status, 404);
    });

    it("shows empty states, and a note instead of the login link for someone without accounts", async () => {
      const wecomOnly = makeStaff(s.db, { wecomUserId: uid("empty") });
      const res = await s.get(`/sandbox/staff/${wecomOnly.id}`);
      assert.match(res.text, /<h2>企业微信 <span class="muted">empty\d+<\/span><\/h2><p class="empty">还没有收到卡片<\/p>/);
      const none = makeStaff(s.db, {});
      const bare = await s.get(`/sandbox/staff/${none.id}`);
      assert.equal(bare.status, 200);
      assert.match(bare.text, /没有企业微信或钉钉账号，无法以此身份从工作台打开小程序/);
      assert.doesNotMatch(bare.text, /以此身份打开小程序/);
    });

    it("links a WeCom member to the fake OAuth page, redirect_uri the app's callback on the page's origin", async () => {
      const m = makeStaff(s.db, { wecomUserId: uid("oauth"), dingtalkUserId: uid("doauth") });
      const res = await s.get(`/sandbox/staff/${m.id}`);
      const link = res.text.match(/<a class="btn" href="([^"]+)">以此身份打开小程序<\/a>/)?.[1]?.replace(/&amp;/g, "&") ?? "";
      assert.equal(link, `/sandbox/open/wecom/${m.id}?url=%2Fapp%2F`);
      // Opening it starts the app's login round trip (a signed state cookie) and goes on to the OAuth page.
      const open = await s.get(link);
      assert.equal(open.status, 302);
      const state = stateCookie(open.headers);
      assert.match(state, /^[0-9a-f]{48}$/);
      const setCookies = open.headers.getSetCookie().join(" | ");
      assert.match(setCookies, /xg_login_state=[^;]+;[^|]*path=\/auth\/;[^|]*samesite=lax;[^|]*httponly/i);
      assert.match(setCookies, /xg_login_state\.sig=/);
      const href = open.location ?? "";
      const url = new URL(href, "http://x");
      assert.equal(url.pathname, "/sandbox/wecom/connect/oauth2/authorize");
      assert.equal(url.hash, "#wechat_redirect");
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        appid: "ww0sandbox0xueguan",
        redirect_uri: `${s.baseUrl}/auth/wecom/callback?next=/app/`,
        response_type: "code",
        scope: "snsapi_base",
        state,
        agentid: "1000002",
        userid: m.wecomUserId,
      });
      assert.ok(href.includes(`redirect_uri=${encodeURIComponent(`${s.baseUrl}/auth/wecom/callback?next=/app/`)}&`), href);
      assert.match(res.text, /<a class="btn plain" href="\/sandbox\/login\/dingtalk\/\d+">从钉钉打开<\/a>/);
    });

    it("answers 404 pages for unknown, malformed and departed staff ids", async () => {
      const gone = makeStaff(s.db, { status: "left", wecomUserId: uid("gone") });
      for (const id of ["999999", "abc", String(gone.id)]) {
        const res = await s.get(`/sandbox/staff/${id}`);
        assert.equal(res.status, 404, id);
        assert.match(res.text, /没有这位员工/);
      }
    });
  });

  describe("clicking a card button", () => {
    async function scene(platform: "wecom" | "dingtalk" = "wecom") {
      const m = makeStaff(s.db, platform === "wecom" ? { wecomUserId: uid("click") } : { dingtalkUserId: uid("dclick") });
      const userId = (platform === "wecom" ? m.wecomUserId : m.dingtalkUserId) ?? "";
      const card = stubCard(platform, userId, { taskId: uid("task-"), receivedAt: T0 });
      const fake = platform === "wecom" ? s.wecom : s.dingtalk;
      fake.cards.push(card);
      fake.clicks.length = 0;
      fake.answer = async () => ({ status: 200, body: "success" });
      const fields = { platform, staffId: String(m.id), taskId: card.taskId, actionKey: "approve" };
      return { m, userId, card, fake, fields };
    }

    it("posts the form to the fake's click as the member and redirects back to the inbox", async () => {
      for (const platform of ["wecom", "dingtalk"] as const) {
        const { m, userId, card, fake, fields } = await scene(platform);
        const res = await s.form("/sandbox/click", fields);
        assert.equal(res.status, 303);
        assert.equal(res.location, `/sandbox/staff/${m.id}?sent=1#card-${platform}-${card.taskId}`);
        assert.deepEqual(fake.clicks, [{ userId, taskId: card.taskId, actionKey: "approve" }]);
        const page = await s.get(res.location?.split("#")[0] ?? "");
        assert.match(page.text, /<div class="notice ok" role="status">已把点击发给学管/);
      }
    });

    it("shows the app's refusal (non-2xx) as a readable error on the inbox", async () => {
      const { m, fake, fields } = await scene();
      fake.answer = async () => ({ status: 403, body: "forbidden" });
      const res = await s.form("/sandbox/click", fields);
      assert.equal(res.status, 303);
      assert.equal(res.location, `/sandbox/staff/${m.id}?error=refused&status=403`);
      const page = await s.get(res.location ?? "");
      assert.equal(page.status, 200);
      assert.match(page.text, /<div class="notice bad" role="status">学管拒绝了这次点击（HTTP 403）。<\/div>/);
    });

    it("turns a failed delivery into a notice, not a 500", async () => {
      const { m, fake, fields } = await scene();
      fake.answer = async () => {
        throw new TypeError("fetch failed");
      };
      const res = await s.form("/sandbox/click", fields);
      assert.equal(res.location, `/sandbox/staff/${m.id}?error=unreachable`);
      assert.match((await s.get(res.location ?? "")).text, /点击没有送达学管/);
      fake.answer = async () => {
        throw new Error("something else");
      };
      assert.equal((await s.form("/sandbox/click", fields)).location, `/sandbox/staff/${m.id}?error=failed`);
    });

    it("refuses a decided card, a missing button or card, without calling the fake", async () => {
      const { m, card, fake, fields } = await scene();
      assert.equal((await s.form("/sandbox/click", { ...fields, actionKey: "nope" })).location, `/sandbox/staff/${m.id}?error=no_button`);
      assert.equal((await s.form("/sandbox/click", { ...fields, taskId: "not-there" })).location, `/sandbox/staff/${m.id}?error=no_card`);
      assert.equal((await s.form("/sandbox/click", { ...fields, platform: "dingtalk" })).location, `/sandbox/staff/${m.id}?error=no_account`);
      card.state = "已同意";
      card.buttons = [];
      const res = await s.form("/sandbox/click", fields);
      assert.equal(res.location, `/sandbox/staff/${m.id}?error=decided`);
      assert.match((await s.get(res.location ?? "")).text, /这张卡片已经处理过了，按钮已失效。/);
      assert.equal(fake.clicks.length, 0);
    });

    it("sends incomplete forms back with a notice, and unknown staff to a 404 page", async () => {
      const { m, fields } = await scene();
      const res = await s.form("/sandbox/click", { ...fields, platform: "qq" });
      assert.equal(res.location, `/sandbox/staff/${m.id}?error=invalid`);
      assert.match((await s.get(res.location ?? "")).text, /点击的参数不完整/);
      const unknown = await s.form("/sandbox/click", { ...fields, staffId: "999999" });
      assert.equal(unknown.status, 404);
      assert.match(unknown.text, /没有这位员工/);
      const garbage = await s.form("/sandbox/click", {});
      assert.equal(garbage.status, 404);
    });

    it("accepts a JSON body too (scripts)", async () => {
      const { m, userId, card, fake } = await scene();
      const res = await s.json("POST", "/sandbox/click", { platform: "wecom", staffId: m.id, taskId: card.taskId, actionKey: "reject" });
      assert.equal(res.status, 303);
      assert.deepEqual(fake.clicks, [{ userId, taskId: card.taskId, actionKey: "reject" }]);
    });
  });

  describe("DingTalk 免登 shortcut", () => {
    it("issues a fresh code for the member and redirects to the app's DingTalk callback", async () => {
      const m = makeStaff(s.db, { dingtalkUserId: uid("dlogin") });
      const first = await s.get(`/sandbox/login/dingtalk/${m.id}`);
      assert.equal(first.status, 302);
      assert.equal(first.location, `/auth/dingtalk/callback?code=${encodeURIComponent(s.dingtalk.loginCodes.at(-1) ?? "")}&next=/app/&state=${stateCookie(first.headers)}`);
      assert.match(s.dingtalk.loginCodes.at(-1) ?? "", new RegExp(`^code-${m.dingtalkUserId}-`));
      const second = await s.get(`/sandbox/login/dingtalk/${m.id}`);
      assert.notEqual(second.location, first.location, "each visit gets a fresh code");
    });

    it("is a 404 page for someone without a DingTalk account or who left", async () => {
      const wecomOnly = makeStaff(s.db, { wecomUserId: uid("wonly") });
      assert.equal((await s.get(`/sandbox/login/dingtalk/${wecomOnly.id}`)).status, 404);
      const left = makeStaff(s.db, { dingtalkUserId: uid("dleft") });
      s.db.update(staff).set({ status: "left" }).where(eq(staff.id, left.id)).run();
      assert.equal((await s.get(`/sandbox/login/dingtalk/${left.id}`)).status, 404);
    });
  });
});
