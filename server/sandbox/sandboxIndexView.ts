// The body of GET /sandbox: what the sandbox is, the demo staff with their accounts (each a link to
// their inbox), the live fault rules with forms to add and clear them, and the recent API calls the
// fakes answered.
import { clockTime } from "../core/clock";
import { ROLE_LABELS } from "../../shared/roles";
import { escapeHtml } from "../core/escapeHtml";
import { shortTime } from "./sandboxCardHtml";
import { FAULT_KINDS, type FaultKind, type FaultRule } from "./sandboxFaults";
import { PLATFORM_LABELS } from "../../shared/platformNames";
import type { SandboxCall, SandboxStaff } from "./sandboxTypes";

/** A staff member on the list, with how many cards still wait for a click and todos are open. */
export type IndexMember = SandboxStaff & { pending: number };

/** Everything the staff list page shows, gathered by the route. */
export type IndexView = { members: IndexMember[]; rules: FaultRule[]; calls: SandboxCall[]; tz: string; now: number };

/** The fault kinds as the demo form names them. */
export const FAULT_KIND_LABELS: Record<FaultKind, string> = {
  slow: "慢响应",
  server_error: "服务器错误（5xx）",
  rate_limit: "限流错误码",
  network: "断开连接",
};

const platformText = (p: string) => (p === "wecom" || p === "dingtalk" ? PLATFORM_LABELS[p] : "全部平台");

function memberItem(m: IndexMember): string {
  const roles = m.roles.map((r) => ROLE_LABELS[r]).join("、");
  const accounts = [
    m.wecomUserId ? `<span class="tag wecom">企业微信</span>` : "",
    m.dingtalkUserId ? `<span class="tag dingtalk">钉钉</span>` : "",
  ].join("");
  const pending = m.pending > 0 ? `<span class="tag warn">待处理 ${m.pending}</span>` : "";
  return `<li><a href="/sandbox/staff/${m.id}"><span><strong>${escapeHtml(m.name)}</strong> <span class="muted">${escapeHtml(roles)}</span><br>${
    accounts || '<span class="tag">没有平台账号</span>'
  }${pending}</span><span class="go">收件箱 ›</span></a></li>`;
}

function ruleItem(r: FaultRule, v: IndexView): string {
  const parts = [
    `#${r.id}`,
    platformText(r.platform),
    FAULT_KIND_LABELS[r.kind],
    r.api ? `接口含“${r.api}”` : "除 token 外的所有接口",
    r.kind === "slow" || r.delayMs > 0 ? `延迟 ${r.delayMs} 毫秒` : "",
    r.times !== undefined ? `剩 ${r.times - r.hits} 次` : "一直生效",
    r.untilMs !== undefined ? `至 ${shortTime(r.untilMs, v)}` : "",
    `已命中 ${r.hits} 次`,
  ].filter((p) => p !== "");
  return `<li>${escapeHtml(parts.join(" · "))}</li>`;
}

const faultForm = `<form method="post" action="/sandbox/faults"><div class="grid">
<label>故障<select name="kind">${FAULT_KINDS.map((k) => `<option value="${k}">${FAULT_KIND_LABELS[k]}</option>`).join("")}</select></label>
<label>平台<select name="platform"><option value="*">全部平台</option><option value="wecom">企业微信</option><option value="dingtalk">钉钉</option></select></label>
<label>接口路径包含<input name="api" placeholder="如 message/send"></label>
<label>延迟（毫秒）<input name="delayMs" type="number" min="0" max="60000" value="0"></label>
<label>次数（留空为一直生效）<input name="times" type="number" min="1"></label>
<label>&nbsp;<button type="submit">添加故障</button></label></div></form>`;

/** "09:05:07": a call's time in the business time zone; seconds do not depend on the zone. */
const callTime = (ms: number, tz: string) => `${clockTime(ms, tz)}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}`;

function callRow(c: SandboxCall, tz: string): string {
  const failed = c.status >= 400 || c.errorCode !== undefined;
  const result = `${c.status}${c.errorCode !== undefined ? ` · ${c.errorCode}` : ""}`;
  return `<tr><td>${callTime(c.at, tz)}</td><td>${PLATFORM_LABELS[c.platform]}</td><td class="api">${escapeHtml(c.api)}</td><td${
    failed ? ' class="err"' : ""
  }>${escapeHtml(result)}</td></tr>`;
}

/** The page body. `notice` is a ready line (escaped) shown on top, e.g. after a form post. */
export function sandboxIndexBody(v: IndexView, notice = ""): string {
  const staff = v.members.length === 0 ? '<p class="empty">还没有员工，请先运行演示数据（npm run seed:demo）。</p>' : `<ul class="staff">${v.members.map(memberItem).join("")}</ul>`;
  const rules = v.rules.length === 0 ? '<p class="empty">没有故障规则：模拟平台正常应答。</p>' : `<ul>${v.rules.map((r) => ruleItem(r, v)).join("")}</ul>`;
  const calls =
    v.calls.length === 0
      ? '<p class="empty">模拟平台还没有收到调用。</p>'
      : `<table><thead><tr><th>时间</th><th>平台</th><th>接口</th><th>结果</th></tr></thead><tbody>${v.calls.map((c) => callRow(c, v.tz)).join("")}</tbody></table>`;
  return `<h1>学管沙箱</h1>
<p class="muted">没有配置企业微信或钉钉时，学管连接本机上的模拟企业微信和模拟钉钉：它们讲真实平台的接口格式（access_token、消息与卡片、待办、登录码），并像真实平台一样签名、加密回调。每位演示员工的收件箱就是他们在工作台里看到的卡片；点卡片上的按钮，沙箱会把真实格式的加密回调发给学管。</p>
${notice}
<section class="box"><h2 style="margin-top:0">演示员工</h2><div id="staff" data-live>${staff}</div></section>
<section class="box" id="faults"><h2 style="margin-top:0">故障注入</h2><p class="muted">让模拟平台的接口变慢、报错、限流或断开，看学管如何重试。</p>
<div id="fault-rules" data-live>${rules}</div>${faultForm}
<div style="margin-top:10px"><form class="inline" method="post" action="/sandbox/faults/clear"><button class="plain" type="submit">清除全部故障</button></form>
<form class="inline" method="post" action="/sandbox/expire-tokens"><button class="plain" type="submit">让 access_token 立即失效</button></form></div></section>
<section class="box"><h2 style="margin-top:0">最近的接口调用</h2><div id="calls" data-live>${calls}</div><p class="muted">最新的在前，最多 30 条；页面每 3 秒自动更新。</p></section>`;
}
