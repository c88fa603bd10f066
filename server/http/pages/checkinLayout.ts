// The frame of every phone page behind the classroom QR: zh-CN, mobile-first, no framework and no
// script: plain POST forms and redirects work in any mobile browser, WeChat's in-app one included.
import { escapeHtml } from "../../core/escapeHtml";

const STYLE = `*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#1f2329;font-size:16px}
main{max-width:480px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 12px}h2{font-size:17px;margin:0 0 8px}p{line-height:1.6;margin:6px 0}
.card{background:#fff;border-radius:10px;padding:16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.muted{color:#646a73;font-size:14px}.ok{color:#16a34a}.warn{color:#d97706}.bad{color:#dc2626}.big{font-size:22px;font-weight:600}
label{display:block;margin:10px 0 4px;font-size:15px}input{width:100%;font-size:18px;padding:10px;border:1px solid #d0d3d6;border-radius:8px}
button{width:100%;margin-top:12px;background:#3370ff;color:#fff;border:0;border-radius:8px;padding:12px;font-size:17px}
button[disabled]{opacity:.6}.student{padding:10px 0;border-bottom:1px solid #eef0f2}.student:last-child{border-bottom:0}
details summary{color:#3370ff;padding:4px 0}a{color:#3370ff}`;

export function checkinLayout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · 学管签到</title><style>${STYLE}</style></head><body><main>
${body}
</main></body></html>`;
}
