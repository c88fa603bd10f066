// The frame of the /sandbox pages: zh-CN, phone-first, inline CSS, no external asset. Everything works
// as plain links and POST forms; with JS on, the parts marked `data-live` are re-fetched every few
// seconds, so a card changed by someone else's click updates without a reload.
import type Koa from "koa";
import { escapeHtml } from "../core/escapeHtml";
import { cspNonce } from "../core/cspNonce";

const STYLE = `*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#1f2329;font-size:15px}
main{max-width:640px;margin:0 auto;padding:16px 12px 40px}h1{font-size:20px;margin:8px 0 4px}h2{font-size:16px;margin:20px 0 8px}p{line-height:1.6;margin:6px 0}
a{color:#3370ff;text-decoration:none}.muted{color:#646a73;font-size:13px}.box{background:#fff;border-radius:10px;padding:14px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.notice{border-radius:8px;padding:10px 12px;margin:12px 0;line-height:1.5}.notice.bad{background:#fdecec;color:#b42318}.notice.ok{background:#e8f7ee;color:#12703a}
.empty{color:#8f959e;text-align:center;padding:18px 0;font-size:14px}.tag{display:inline-block;font-size:12px;border-radius:4px;padding:1px 6px;margin:2px 4px 2px 0;background:#eef0f2;color:#4e5969}
.tag.wecom{background:#e6f3fd;color:#0070cc}.tag.dingtalk{background:#e6f4ff;color:#0068d9}.tag.warn{background:#fff3e0;color:#b45309}
ul.staff{list-style:none;padding:0;margin:0}ul.staff li{border-bottom:1px solid #eef0f2}ul.staff li:last-child{border-bottom:0}
ul.staff a{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:10px 2px;color:inherit}ul.staff .go{color:#3370ff;white-space:nowrap}
form.inline{display:inline}button,.btn{font:inherit;border:0;border-radius:6px;padding:7px 14px;cursor:pointer;background:#3370ff;color:#fff;display:inline-block}
button.plain,.btn.plain{background:#eef0f2;color:#1f2329}button[disabled]{opacity:.55;cursor:default}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:8px}.grid label{font-size:13px;color:#646a73}.grid input,.grid select{width:100%;font:inherit;padding:7px;border:1px solid #d0d3d6;border-radius:6px;background:#fff}
table{width:100%;border-collapse:collapse;font-size:13px}td,th{text-align:left;padding:6px 4px;border-bottom:1px solid #eef0f2;vertical-align:top}th{color:#646a73;font-weight:normal}
td.api{word-break:break-all}.err{color:#b42318}
.meta{font-size:12px;color:#8f959e;margin:14px 2px 4px}
.wc{background:#fff;border-radius:4px;border:1px solid #e5e5e5;overflow:hidden}.wc .src{display:flex;align-items:center;gap:6px;font-size:13px;color:#888;padding:12px 16px 0}
.wc .src i{display:inline-block;width:16px;height:16px;border-radius:3px;background:#0082ef}.wc .bd{padding:10px 16px 14px}.wc .tt{font-size:17px;font-weight:600;color:#191919;line-height:1.4}
.wc .ds{font-size:14px;color:#888;margin-top:4px}.wc .kv{display:flex;gap:12px;font-size:14px;margin-top:8px;line-height:1.4}.wc .kv .k{color:#888;flex:0 0 5.5em}.wc .kv .v{color:#353535;word-break:break-all}
.wc .btns{display:flex;gap:8px;padding:0 16px 14px}.wc .btns form,.wc .btns>a{flex:1}.wc .btns button,.wc .btns>a{width:100%;border-radius:4px;padding:9px 6px;font-size:15px;text-align:center}
.wc .b-primary{background:#0082ef;color:#fff}.wc .b-default{background:#f2f2f2;color:#191919}.wc .b-danger{background:#f2f2f2;color:#fa5151}
.wc .final{margin:0 16px 14px;border-radius:4px;background:#f7f7f7;color:#b2b2b2;text-align:center;padding:9px 6px;font-size:15px}
.wc .more{display:flex;justify-content:space-between;border-top:1px solid #ededed;padding:11px 16px;color:#191919;font-size:14px}.wc .more::after{content:"›";color:#b2b2b2}
.dc{background:#fff;border-radius:12px;box-shadow:0 2px 8px rgba(31,35,41,.08);overflow:hidden}.dc .hd{display:flex;justify-content:space-between;align-items:center;padding:12px 14px 0;font-size:12px;color:#8f959e}
.dc .hd b{color:#0089ff;font-weight:600}.dc .bd{padding:8px 14px 12px}.dc .tt{font-size:16px;font-weight:600;color:#171a1d;line-height:1.45}
.dc .ds{font-size:13px;color:#747677;margin-top:4px}.dc .kv{font-size:14px;margin-top:6px;color:#171a1d;line-height:1.45}.dc .kv .k{color:#747677}
.dc .btns{display:flex;gap:10px;padding:0 14px 14px}.dc .btns form,.dc .btns>a{flex:1}.dc .btns button,.dc .btns>a{width:100%;border-radius:8px;padding:9px 6px;font-size:14px;text-align:center}
.dc .b-primary{background:#0089ff;color:#fff}.dc .b-default{background:#f2f2f6;color:#171a1d}.dc .b-danger{background:#fff;color:#ff5219;box-shadow:inset 0 0 0 1px #ffc2b3}
.dc .final{margin:0 14px 14px;border-radius:8px;background:#f2f2f6;color:#a2a3a4;text-align:center;padding:9px 6px;font-size:14px}
.dc .more{display:block;padding:0 14px 12px;color:#0089ff;font-size:14px}
ul.todos{list-style:none;padding:0;margin:0;background:#fff;border-radius:12px;box-shadow:0 2px 8px rgba(31,35,41,.08)}ul.todos li{display:flex;gap:10px;align-items:flex-start;padding:12px 14px;border-bottom:1px solid #f2f2f6}
ul.todos li:last-child{border-bottom:0}.todo-mark{flex:0 0 18px;height:18px;border-radius:50%;border:1.5px solid #c9cdd4;font-size:12px;line-height:15px;text-align:center;color:#fff;margin-top:2px}
.done .todo-mark{background:#0089ff;border-color:#0089ff}.todo-body{flex:1}.done .todo-subject{color:#a2a3a4;text-decoration:line-through}.todo-due{font-size:12px;color:#8f959e}.todo-due.late{color:#ff5219}`;

/** Re-fetches the page and swaps each `[data-live]` element whose content changed; off while hidden. */
const SCRIPT = `(function(){var busy=false;function tick(){if(busy||document.hidden||!document.querySelector("[data-live]"))return;busy=true;
fetch(location.pathname,{headers:{accept:"text/html"},cache:"no-store"}).then(function(r){return r.ok?r.text():""}).then(function(html){if(!html)return;
var doc=new DOMParser().parseFromString(html,"text/html");document.querySelectorAll("[data-live]").forEach(function(el){var fresh=doc.getElementById(el.id);if(fresh&&fresh.innerHTML!==el.innerHTML)el.innerHTML=fresh.innerHTML})})
.catch(function(){}).then(function(){busy=false})}setInterval(tick,3000);
document.addEventListener("submit",function(e){var b=e.target.querySelectorAll("button");setTimeout(function(){b.forEach(function(x){x.disabled=true})},0)})})();`;

/** A whole /sandbox page around `body` (already escaped HTML). */
export function sandboxLayout(title: string, body: string, nonce: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · 学管沙箱</title><style>${STYLE}</style></head><body><main>
${body}
</main><script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}

/** The zh-CN name of a platform as people say it. */

/** A link target taken from a card or todo: only http(s) or a same-site path, never `javascript:`. */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return /^https?:\/\//i.test(url) || (url.startsWith("/") && !url.startsWith("//")) ? url : undefined;
}

/** Answers with a whole page (never cached: inboxes change under the reader). */
export function renderSandboxPage(koa: Koa.Context, status: number, title: string, body: string): void {
  koa.status = status;
  koa.type = "html";
  koa.set("Cache-Control", "no-store");
  koa.body = sandboxLayout(title, body, cspNonce(koa));
}

/** POST, then redirect to a page (303: the browser follows with a GET). */
export function seeOther(koa: Koa.Context, location: string): void {
  koa.status = 303;
  koa.redirect(location);
}
