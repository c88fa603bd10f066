// The page at `/`: what this server is, who is signed in, and, in sandbox mode, a link to the sandbox
// inboxes (/sandbox) and a staff picker to sign in as anyone in the demo institution; the workbench app
// itself is the mini-app at /app/.
import type Koa from "koa";
import { cspNonce } from "../../core/cspNonce";
import type { Config } from "../../config";
import type { Db } from "../../db/client";
import { listSandboxStaff } from "../../domain/access/listSandboxStaff";
import { hasPermission, type Permission } from "../../../shared/permissions";
import { roleText } from "../../../shared/roles";
import { escapeHtml } from "../../core/escapeHtml";

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#1f2329}
main{max-width:720px;margin:0 auto;padding:24px 16px}h1{font-size:22px;margin:0 0 4px}p{line-height:1.6}
.card{background:#fff;border-radius:8px;padding:16px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.muted{color:#646a73;font-size:14px}ul{list-style:none;padding:0;margin:0}li{display:flex;justify-content:space-between;align-items:center;padding:10px 0;border-bottom:1px solid #eef0f2}
li:last-child{border-bottom:0}button{background:#3370ff;color:#fff;border:0;border-radius:6px;padding:6px 14px;font-size:14px;cursor:pointer}
button.plain{background:#eef0f2;color:#1f2329}a{color:#3370ff;text-decoration:none}.links a{display:inline-block;margin:4px 12px 4px 0}`;

const SCRIPT = `async function post(url, body){const r=await fetch(url,{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify(body||{})});if(!r.ok){const e=await r.json().catch(()=>({}));alert((e.error&&e.error.message)||"操作失败");return}location.reload()}
document.querySelectorAll("[data-login]").forEach(b=>b.addEventListener("click",()=>post("/api/v1/auth/sandbox-login",{staffId:Number(b.dataset.login)})));
document.querySelectorAll("[data-logout]").forEach(b=>b.addEventListener("click",()=>post("/api/v1/auth/logout")));`;

/** Where a signed-in person can go from here (only what their role may open: no dead ends). */
const LINKS: { href: string; text: string; permission?: Permission }[] = [
  { href: "/app/", text: "打开学管" },
  { href: "/api/v1/auth/me", text: "我的身份" },
  { href: "/api/v1/students", text: "我的学员", permission: "students.read" },
  { href: "/api/v1/orders", text: "订单", permission: "orders.read" },
  { href: "/api/v1/courses", text: "课程" },
  { href: "/api/v1/reports/reconcile", text: "对账", permission: "reports.read" },
];

export function homePage(deps: { config: Config; db: Db }): Koa.Middleware {
  return (ctx) => {
    const actor = ctx.state.actor;
    const who =
      actor && actor.kind !== "system"
        ? `<div class="card"><p>当前登录：<strong>${escapeHtml(actor.name)}</strong>（${escapeHtml(roleText(actor.roles))}）</p>
<div class="links">${LINKS.filter((l) => !l.permission || hasPermission(actor, l.permission))
            .map((l) => `<a href="${l.href}">${l.text}</a>`)
            .join("")}</div>
${actor.kind === "staff" ? '<p><button class="plain" data-logout>退出登录</button></p>' : ""}</div>`
        : "";
    const picker = deps.config.sandbox
      ? `<div class="card"><p><strong>沙箱模式</strong>：未配置企业微信或钉钉，选一位演示机构的员工登录即可体验。</p>
<p><a href="/sandbox">打开沙箱收件箱</a> <span class="muted">每位员工在企业微信或钉钉里收到的卡片和待办，有几件正等着处理</span></p><ul>${listSandboxStaff(deps.db)
          .map((s) => `<li><span>${escapeHtml(s.name)} <span class="muted">${escapeHtml(roleText(s.roles))}</span></span><button data-login="${s.id}">以此身份登录</button></li>`)
          .join("")}</ul></div>`
      : `<div class="card"><p>请从企业微信或钉钉工作台打开学管。</p></div>`;
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>学管 Xueguan</title><style>${STYLE}</style></head><body><main>
<h1>学管 Xueguan</h1><p class="muted">培训机构的学员服务平台：学员档案、订单收款、课时账户与流水，审批和待办直达企业微信与钉钉。</p>
${who}${picker}
<div class="card links"><a href="/api/openapi.json">API 文档（OpenAPI 3.1）</a><a href="/healthz">健康检查</a><a href="/readyz">就绪检查</a></div>
</main><script nonce="${cspNonce(ctx)}">${SCRIPT}</script></body></html>`;
  };
}
