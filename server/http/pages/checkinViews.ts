// The pieces of the check-in pages: the lesson card, each bound student with what they can do, the
// two ways to bind a phone, a refusal in plain words and the receipt after checking in. All text is escaped.
import type { LessonContext } from "../../domain/attendance/lessonForAttendance";
import type { CheckinOverview } from "../../domain/checkin/checkinOverview";
import type { CheckinReceipt } from "../../domain/checkin/checkinReceipt";
import { clockText, spanText, whenText } from "../../domain/checkin/timeText";
import { ATTENDANCE_STATUS_LABELS as STATUS_LABELS } from "../../../shared/attendance";
import { formatHours } from "../../../shared/money";
import { escapeHtml } from "../../core/escapeHtml";

const e = escapeHtml;
const tokenPath = (token: string) => `/c/${encodeURIComponent(token)}`;

export function lessonCard({ lesson, klass, course }: LessonContext, tz: string): string {
  return `<div class="card"><h1>${e(klass.name)}</h1><p>${e(course.name)}</p><p class="muted">上课时间：${e(spanText(lesson.startsAt, lesson.endsAt, tz))}</p></div>`;
}

function windowNote(o: CheckinOverview, now: number, tz: string): string {
  const span = `签到时间 ${e(whenText(o.window.opensAt, now, tz))}–${e(whenText(o.window.closesAt, now, tz))}`;
  if (o.lesson.status === "cancelled") return `<p class="bad">这节课已取消，无需签到。</p>`;
  if (o.position === "not_open") return `<p class="warn">还没到签到时间，${e(whenText(o.window.opensAt, now, tz))} 开始签到。</p><p class="muted">${span}</p>`;
  if (o.position === "closed") return `<p class="bad">签到已于 ${e(whenText(o.window.closesAt, now, tz))} 截止，请找老师点名。</p>`;
  return `<p class="ok">现在可以签到。</p><p class="muted">${span}</p>`;
}

function studentRow(o: CheckinOverview, s: CheckinOverview["students"][number], token: string, tz: string): string {
  const name = `<div class="big">${e(s.name)}</div>`;
  switch (s.state.kind) {
    case "checked_in":
      return `<div class="student">${name}<p class="ok">已于 ${e(clockText(s.state.attendance.recordedAt, tz))} 签到（${e(STATUS_LABELS[s.state.attendance.status])}） · <a href="/c/done/${o.lesson.id}/${s.id}">查看</a></p></div>`;
    case "on_leave":
      return `<div class="student">${name}<p class="warn">这节课已登记请假；如果已经到了教室，请找老师改为出勤。</p></div>`;
    case "not_enrolled":
      return `<div class="student">${name}<p class="muted">不在这节课的学员名单中。</p></div>`;
    case "can_check_in":
      if (o.lesson.status === "cancelled" || o.position === "not_open" || o.position === "closed") return `<div class="student">${name}</div>`;
      return `<div class="student">${name}<form method="post" action="${tokenPath(token)}/checkin"><input type="hidden" name="studentId" value="${s.id}"><button type="submit">为 ${e(s.name)} 签到</button></form></div>`;
  }
}

/**
 * The two ways to bind: the binding code from the teacher, or the student's name and a guardian's
 * mobile digits. Both post to the lesson's bind address with the page's bind ticket (bindTicket.ts), so
 * the form still binds after the QR moved on while the code was typed.
 */
export function bindForms(token: string, ticket: string, values: { name?: string; code?: string } = {}): string {
  const action = `${tokenPath(token)}/bind?ticket=${encodeURIComponent(ticket)}`;
  return `<form method="post" action="${e(action)}"><input type="hidden" name="via" value="code">
<label for="code">绑定码（老师提供的 10 位数字）</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="16" value="${e(values.code ?? "")}" required>
<button type="submit">用绑定码绑定</button></form>
<details><summary>没有绑定码？用学员姓名和家长手机号绑定</summary><form method="post" action="${e(action)}"><input type="hidden" name="via" value="mobile">
<label for="name">学员姓名</label><input id="name" name="name" maxlength="50" value="${e(values.name ?? "")}" required>
<label for="mobileLast4">家长手机号后 4 位</label><input id="mobileLast4" name="mobileLast4" inputmode="numeric" maxlength="4" required>
<button type="submit">绑定</button></form></details>`;
}

export function overviewBody(o: CheckinOverview, token: string, ticket: string, now: number, tz: string, notice: string): string {
  const students = o.students.length === 0
    ? `<div class="card"><h2>第一次使用：绑定学员</h2><p class="muted">绑定一次即可，以后扫码直接签到。一台手机可以绑定多名学员（兄弟姐妹）。</p>${bindForms(token, ticket)}</div>`
    : `<div class="card"><h2>谁来签到？</h2>${o.students.map((s) => studentRow(o, s, token, tz)).join("")}</div>
<div class="card"><details><summary>添加另一位学员</summary>${bindForms(token, ticket)}</details></div>`;
  return `${notice}${lessonCard(o, tz)}<div class="card">${windowNote(o, now, tz)}</div>${students}`;
}

export function noticeBox(text: string, tone: "ok" | "bad"): string {
  return `<div class="card"><p class="${tone}">${e(text)}</p></div>`;
}

export function refusalBody(title: string, message: string, back?: { href: string; text: string }): string {
  return `<div class="card"><h1 class="bad">${e(title)}</h1><p>${e(message)}</p>${back ? `<p><a href="${e(back.href)}">${e(back.text)}</a></p>` : ""}</div>`;
}

export function receiptBody(r: CheckinReceipt, tz: string): string {
  const owed = r.balanceHours < 0;
  const hours = owed
    ? `<p class="warn">课时已用完，本节先记欠 ${e(formatHours(-r.balanceHours))}，请联系课程顾问续费。</p>`
    : `<p>剩余 <strong>${e(formatHours(r.balanceHours))}</strong></p>`;
  const attended = ["present", "late", "makeup"].includes(r.attendance.status);
  const title = attended ? `<h1 class="ok">签到成功</h1>` : `<h1 class="warn">当前考勤：${e(STATUS_LABELS[r.attendance.status])}</h1>`;
  return `<div class="card">${title}<div class="big">${e(r.student.name)}</div>
<p>${e(r.klass.name)} · ${e(r.course.name)}</p><p class="muted">上课时间：${e(spanText(r.lesson.startsAt, r.lesson.endsAt, tz))}</p>
<p>${attended ? "签到时间" : "记录时间"}：${e(clockText(r.attendance.recordedAt, tz))}（${e(STATUS_LABELS[r.attendance.status])}）</p>${hours}</div>`;
}
