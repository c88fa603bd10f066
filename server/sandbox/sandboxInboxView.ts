// The body of GET /sandbox/staff/:staffId: one person's WeCom cards, DingTalk cards and DingTalk
// todos, newest first, as their clients would show them, and the link that opens the mini-app as
// them. The inbox part is `data-live`, re-fetched every few seconds by the layout's script.
import { PLATFORM_LABELS } from "../../shared/platformNames";
import { ROLE_LABELS } from "../../shared/roles";
import { escapeHtml } from "../core/escapeHtml";
import { dingtalkCardHtml, todoHtml, wecomCardHtml, type InboxFrame } from "./sandboxCardHtml";
import type { SandboxLoginLink } from "./sandboxLoginLink";
import type { SandboxCardView, SandboxStaff, SandboxTodoView } from "./sandboxTypes";

/** Everything one inbox page shows, gathered by the route. */
export type InboxView = {
  member: SandboxStaff;
  wecomCards: SandboxCardView[];
  dingtalkCards: SandboxCardView[];
  todos: SandboxTodoView[];
  logins: SandboxLoginLink[];
  /** Ready-made notice lines (escaped), e.g. a click refusal. */
  notice: string;
  frame: InboxFrame;
};

const newestFirst = <T>(items: T[], at: (item: T) => number) => [...items].sort((a, b) => at(b) - at(a));
const empty = (text: string) => `<p class="empty">${text}</p>`;

function loginLinks(v: InboxView): string {
  if (v.logins.length === 0) {
    return '<p class="muted">这位员工没有企业微信或钉钉账号，无法以此身份从工作台打开小程序（可在首页的沙箱登录中选择）。</p>';
  }
  return `<p>${v.logins
    .map((l, i) =>
      i === 0
        ? `<a class="btn" href="${escapeHtml(l.href)}">以此身份打开小程序</a>`
        : `<a class="btn plain" href="${escapeHtml(l.href)}">从${PLATFORM_LABELS[l.via]}打开</a>`,
    )
    .join(" ")}</p>`;
}

function wecomSection(v: InboxView): string {
  if (!v.member.wecomUserId) return `<h2>企业微信</h2>${empty("没有企业微信账号")}`;
  const cards = newestFirst(v.wecomCards, (c) => c.receivedAt);
  return `<h2>企业微信 <span class="muted">${escapeHtml(v.member.wecomUserId)}</span></h2>${
    cards.length === 0 ? empty("还没有收到卡片") : cards.map((c) => wecomCardHtml(c, v.frame)).join("")
  }`;
}

function dingtalkSection(v: InboxView): string {
  if (!v.member.dingtalkUserId) return `<h2>钉钉</h2>${empty("没有钉钉账号")}`;
  const cards = newestFirst(v.dingtalkCards, (c) => c.receivedAt);
  const todos = newestFirst(
    v.todos.filter((t) => !t.deleted),
    (t) => t.createdAt,
  );
  return `<h2>钉钉 <span class="muted">${escapeHtml(v.member.dingtalkUserId)}</span></h2>${
    cards.length === 0 ? empty("还没有收到卡片") : cards.map((c) => dingtalkCardHtml(c, v.frame)).join("")
  }<h2>钉钉待办</h2>${todos.length === 0 ? empty("还没有待办") : `<ul class="todos">${todos.map((t) => todoHtml(t, v.frame)).join("")}</ul>`}`;
}

/** The inbox page body: who, how to open the mini-app as them, the notice, then the live inbox. */
export function sandboxInboxBody(v: InboxView): string {
  const roles = v.member.roles.map((r) => ROLE_LABELS[r]).join("、");
  return `<p class="muted"><a href="/sandbox">‹ 全部员工</a></p>
<h1>${escapeHtml(v.member.name)} 的收件箱</h1><p class="muted">${escapeHtml(roles || "没有角色")}</p>
${loginLinks(v)}${v.notice}
<div id="inbox" data-live>${wecomSection(v)}${dingtalkSection(v)}</div>
<p class="muted">页面每 3 秒自动更新；别人点了同一张卡片，这里也会变。</p>`;
}
