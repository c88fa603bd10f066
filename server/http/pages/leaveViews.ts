// The guardian's leave pages (/l/<token>): the frame, the form listing the student's coming lessons
// (checkboxes), kind and reason, the confirmation and the refusals. zh-CN, every text escaped, no
// script: a plain POST form works in any mobile browser, WeChat's in-app one included.
import type { LeaveOption } from "../../domain/leave/leaveLessons";
import { LEAVE_KIND_LABELS, LEAVE_KINDS, type LeaveKind } from "../../domain/leave/leaveFields";
import { escapeHtml as e } from "../../core/escapeHtml";

const STYLE = `*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#1f2329;font-size:16px}
main{max-width:480px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 12px}h2{font-size:17px;margin:0 0 8px}p{line-height:1.6;margin:6px 0}
.card{background:#fff;border-radius:10px;padding:16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.muted{color:#646a73;font-size:14px}.ok{color:#16a34a}.bad{color:#dc2626}
label{display:block;margin:10px 0 4px;font-size:15px}.lesson,.kind{display:flex;gap:10px;align-items:center;padding:8px 0;border-bottom:1px solid #eef0f2;margin:0}
.lesson input,.kind input{width:20px;height:20px}textarea{width:100%;font-size:16px;padding:10px;border:1px solid #d0d3d6;border-radius:8px;min-height:80px}
button{width:100%;margin-top:12px;background:#3370ff;color:#fff;border:0;border-radius:8px;padding:12px;font-size:17px}a{color:#3370ff}`;

export function leaveLayout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${e(title)} · 学管请假</title><style>${STYLE}</style></head><body><main>
${body}
</main></body></html>`;
}

export type LeaveFormValues = { lessonIds?: number[]; kind?: LeaveKind; reason?: string; requestKey: string };

export function leaveFormView(o: { token: string; studentName: string; options: LeaveOption[]; values: LeaveFormValues; notice?: string }): string {
  const head = `<div class="card"><h1>${e(o.studentName)} 请假</h1><p class="muted">请勾选要请假的课，提交后由任课老师审批。</p></div>`;
  const notice = o.notice ? `<div class="card"><p class="bad">${e(o.notice)}</p></div>` : "";
  if (o.options.length === 0) return `${head}${notice}<div class="card"><p>近期没有可以请假的课。</p></div>`;
  const chosen = new Set(o.values.lessonIds ?? []);
  const lessons = o.options
    .map(
      (l) =>
        `<label class="lesson"><input type="checkbox" name="lessonIds" value="${l.lesson.id}"${chosen.has(l.lesson.id) ? " checked" : ""}><span>${e(l.text)}<br><span class="muted">${e(l.course.name)} · ${e(l.klass.name)}</span></span></label>`,
    )
    .join("");
  const kind = o.values.kind ?? "personal";
  const kinds = LEAVE_KINDS.map(
    (k) => `<label class="kind"><input type="radio" name="kind" value="${k}"${k === kind ? " checked" : ""}><span>${e(LEAVE_KIND_LABELS[k])}</span></label>`,
  ).join("");
  return `${head}${notice}<form method="post" action="/l/${e(encodeURIComponent(o.token))}">
<input type="hidden" name="requestKey" value="${e(o.values.requestKey)}">
<div class="card"><h2>课次</h2>${lessons}</div>
<div class="card"><h2>类型</h2>${kinds}<label for="reason">事由（选填，200 字以内）</label><textarea id="reason" name="reason" maxlength="200">${e(o.values.reason ?? "")}</textarea>
<button type="submit">提交请假</button></div></form>`;
}

export function leaveSentBody(o: { studentName: string; instanceId: number; status: string; lessons: string; token: string }): string {
  const state = o.status === "pending" ? "已提交，等待老师审批" : o.status === "approved" ? "已批准" : o.status === "rejected" ? "未获批准" : "已撤回";
  return `<div class="card"><h1 class="ok">请假${e(state)}</h1><p>${e(o.studentName)} · ${e(o.lessons)}</p><p class="muted">申请编号 #${o.instanceId}</p>
<p><a href="/l/${e(encodeURIComponent(o.token))}">返回请假页</a></p></div>`;
}

export function leaveRefusalBody(title: string, message: string): string {
  return `<div class="card"><h1 class="bad">${e(title)}</h1><p>${e(message)}</p></div>`;
}
