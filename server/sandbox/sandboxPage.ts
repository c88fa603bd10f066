// The /sandbox pages: the demo staff list (with faults and recent calls), each person's inbox, the
// button click that makes the fake send its real callback, the DingTalk 免登 shortcut, and card links
// opened as the inbox's member. HTML in
// zh-CN; refusals are pages or inbox notices, never a JSON error or a 500.
import type { Router, RouterContext } from "@koa/router";
import type Koa from "koa";
import type { Clock } from "../core/clock";
import { idSchema } from "../core/input";
import { escapeHtml } from "../core/escapeHtml";
import { beginLoginState } from "../core/loginState";
import { clickErrorText, clickInputSchema, sendSandboxClick } from "./sandboxClick";
import type { SandboxFaults } from "./sandboxFaults";
import { mountSandboxFaultRoutes } from "./sandboxFaultRoutes";
import { readPostedBody } from "../core/formBody";
import { sandboxInboxBody } from "./sandboxInboxView";
import { sandboxIndexBody } from "./sandboxIndexView";
import { renderSandboxPage, seeOther } from "./sandboxLayout";
import { APP_HOME, dingtalkLandingHref, pageOfLink, sandboxLoginLinks, wecomLoginHref } from "./sandboxLoginLink";
import type { SandboxCall, SandboxDirectory, SandboxFake, SandboxStaff } from "./sandboxTypes";

/** What the pages read: the directory of staff, the time, both fakes (or stand-ins in tests) and their faults. */
export type SandboxPageDeps = {
  directory: SandboxDirectory;
  clock: Clock;
  /** The business time zone the times are shown in. */
  tz: string;
  faults: SandboxFaults;
  wecom: SandboxFake;
  dingtalk: SandboxFake;
};

const RECENT_CALLS = 30;

/** Notices of the staff list after its forms, by `?notice=`. */
const INDEX_NOTICES: Record<string, string> = {
  fault_added: "已添加故障规则。",
  faults_cleared: "已清除全部故障规则。",
  tokens_expired: "两个模拟平台的 access_token 都已失效，学管下次调用时会重新获取。",
};

const notFoundPage = (koa: Koa.Context, text: string) =>
  renderSandboxPage(koa, 404, "没有找到", `<h1>没有找到</h1><p>${escapeHtml(text)}</p><p><a href="/sandbox">‹ 返回沙箱首页</a></p>`);

const noticeLine = (text: string, tone: "ok" | "bad") => `<div class="notice ${tone}" role="status">${escapeHtml(text)}</div>`;

const firstQuery = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The last calls both fakes answered, newest first (a fake's own order breaks ties in time). */
function recentCalls(deps: SandboxPageDeps): SandboxCall[] {
  return [...deps.wecom.calls].reverse().concat([...deps.dingtalk.calls].reverse()).sort((a, b) => b.at - a.at).slice(0, RECENT_CALLS);
}

/** Cards still waiting for the member's click, plus open todos. */
function pendingOf(deps: SandboxPageDeps, m: SandboxStaff): number {
  const open = (fake: SandboxFake, userId: string | undefined) =>
    userId ? fake.inbox(userId).filter((c) => c.state === undefined && c.buttons.length > 0).length : 0;
  const todos = m.dingtalkUserId ? deps.dingtalk.todos(m.dingtalkUserId).filter((t) => !t.done && !t.deleted).length : 0;
  return open(deps.wecom, m.wecomUserId) + open(deps.dingtalk, m.dingtalkUserId) + todos;
}

function memberOf(deps: SandboxPageDeps, raw: unknown): SandboxStaff | undefined {
  const id = idSchema.safeParse(raw);
  return id.success ? deps.directory.find(id.data) : undefined;
}

/** Adds the /sandbox pages, the click and login routes and the fault routes to `router`. */
export function mountSandboxPages(router: Router, deps: SandboxPageDeps): void {
  router.get("/sandbox", (koa) => {
    const members = deps.directory.staff().map((m) => ({ ...m, pending: pendingOf(deps, m) }));
    const notice = INDEX_NOTICES[firstQuery(koa.query.notice) ?? ""];
    const body = sandboxIndexBody(
      { members, rules: deps.faults.list(), calls: recentCalls(deps), tz: deps.tz, now: deps.clock.now() },
      notice ? noticeLine(notice, "ok") : "",
    );
    renderSandboxPage(koa, 200, "沙箱", body);
  });

  router.get("/sandbox/staff/:staffId", (koa: RouterContext) => {
    const member = memberOf(deps, koa.params.staffId);
    if (!member) return notFoundPage(koa, "没有这位员工（或已离职）。");
    const error = firstQuery(koa.query.error);
    const notice =
      error !== undefined
        ? noticeLine(clickErrorText(error, firstQuery(koa.query.status)), "bad")
        : firstQuery(koa.query.sent) === "1"
          ? noticeLine("已把点击发给学管，卡片更新后这里会自动刷新。", "ok")
          : "";
    const body = sandboxInboxBody({
      member,
      wecomCards: member.wecomUserId ? deps.wecom.inbox(member.wecomUserId) : [],
      dingtalkCards: member.dingtalkUserId ? deps.dingtalk.inbox(member.dingtalkUserId) : [],
      todos: member.dingtalkUserId ? deps.dingtalk.todos(member.dingtalkUserId) : [],
      logins: sandboxLoginLinks(member),
      notice,
      frame: { staffId: member.id, tz: deps.tz, now: deps.clock.now() },
    });
    renderSandboxPage(koa, 200, `${member.name} 的收件箱`, body);
  });

  // The DingTalk client's 免登: a fresh single-use code, handed to the app's login callback.
  router.get("/sandbox/login/dingtalk/:staffId", (koa: RouterContext) => {
    const member = memberOf(deps, koa.params.staffId);
    if (!member?.dingtalkUserId) return notFoundPage(koa, "这位员工没有钉钉账号。");
    const code = deps.dingtalk.loginCode(member.dingtalkUserId);
    koa.set("Cache-Control", "no-store");
    koa.redirect(dingtalkLandingHref(code, APP_HOME, beginLoginState(koa, deps.clock)));
  });

  // A link on a card or todo (查看详情, a link button such as 驳回): the page opens in the member's
  // client, so logged in as them — WeCom through its OAuth page, DingTalk with a fresh 免登 code.
  router.get("/sandbox/open/:platform/:staffId", (koa: RouterContext) => {
    const member = memberOf(deps, koa.params.staffId);
    if (!member) return notFoundPage(koa, "没有这位员工（或已离职）。");
    const next = pageOfLink(firstQuery(koa.query.url) ?? "");
    if (next === undefined) return notFoundPage(koa, "卡片上的链接无法打开。");
    koa.set("Cache-Control", "no-store");
    // The app's login round trip starts here, as its /auth/wecom/start would; the browser follows the
    // OAuth redirect back to the origin it reached this page on (the fakes' appBaseUrl is the server's
    // loopback address, not reachable from a phone), where the state cookie was set.
    if (koa.params.platform === "wecom" && member.wecomUserId) {
      return koa.redirect(wecomLoginHref(member.wecomUserId, `${koa.protocol}://${koa.host}`, next, beginLoginState(koa, deps.clock)));
    }
    if (koa.params.platform === "dingtalk" && member.dingtalkUserId) {
      return koa.redirect(dingtalkLandingHref(deps.dingtalk.loginCode(member.dingtalkUserId), next, beginLoginState(koa, deps.clock)));
    }
    notFoundPage(koa, "这位员工没有该平台的账号。");
  });

  router.post("/sandbox/click", async (koa) => {
    const { fields } = await readPostedBody(koa);
    const input = clickInputSchema.safeParse(fields);
    const member = memberOf(deps, input.success ? input.data.staffId : fields.staffId);
    if (!member) return notFoundPage(koa, "没有这位员工（或已离职）。");
    const inbox = `/sandbox/staff/${member.id}`;
    if (!input.success) return seeOther(koa, `${inbox}?error=invalid`);
    const fake = input.data.platform === "wecom" ? deps.wecom : deps.dingtalk;
    const outcome = await sendSandboxClick(fake, member, input.data);
    if (outcome.ok) return seeOther(koa, `${inbox}?sent=1#card-${input.data.platform}-${encodeURIComponent(input.data.taskId)}`);
    if (outcome.cause !== undefined) koa.state.log?.warn({ err: outcome.cause, error: outcome.error }, "sandbox click not delivered");
    seeOther(koa, `${inbox}?error=${outcome.error}${outcome.status !== undefined ? `&status=${outcome.status}` : ""}`);
  });

  mountSandboxFaultRoutes(router, deps);
}
