// One card of a staff member's sandbox inbox, drawn the way the member's client shows it: a WeCom
// template card (button_interaction) or a DingTalk interactive card (互动卡片), and a DingTalk todo.
// Callback buttons are plain POST forms to /sandbox/click, so they work without JS; link buttons and
// 查看详情 are links that open the page logged in as the inbox's member (/sandbox/open/…), as their
// client would.
import { businessDate, clockTime, monthDayTime } from "../core/clock";
import { escapeHtml } from "../core/escapeHtml";
import { safeHref } from "./sandboxLayout";
import { openAsHref } from "./sandboxLoginLink";
import type { SandboxCardView, SandboxTodoView } from "./sandboxTypes";

/** What the card drawing needs to know about the page: whose inbox, the time zone, now. */
export type InboxFrame = { staffId: number; tz: string; now: number };

/** "09:05" today, "3月2日 09:05" any other day (business time zone). */
export function shortTime(ms: number, frame: Pick<InboxFrame, "tz" | "now">): string {
  return businessDate(ms, frame.tz) === businessDate(frame.now, frame.tz) ? clockTime(ms, frame.tz) : monthDayTime(ms, frame.tz);
}

function meta(card: SandboxCardView, frame: InboxFrame): string {
  const updated = card.updates > 0 ? ` · ${shortTime(card.updatedAt, frame)} 更新${card.updates > 1 ? `（${card.updates} 次）` : ""}` : "";
  return `<div class="meta">${shortTime(card.receivedAt, frame)} 收到${updated}</div>`;
}

/** The href of a link on `card` in this inbox (opens as the member), or undefined for an unsafe URL. */
function linkHref(card: SandboxCardView, frame: InboxFrame, url: string | undefined): string | undefined {
  const safe = safeHref(url);
  return safe === undefined ? undefined : openAsHref(card.platform, frame.staffId, safe);
}

function buttons(card: SandboxCardView, frame: InboxFrame): string {
  if (card.state !== undefined) return `<div class="final">${escapeHtml(card.state)}</div>`;
  if (card.buttons.length === 0) return "";
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const shown = card.buttons.map((b) => {
    if (b.key !== undefined) {
      return `<form method="post" action="/sandbox/click">${hidden("platform", card.platform)}${hidden("staffId", String(frame.staffId))}${hidden("taskId", card.taskId)}${hidden("actionKey", b.key)}<button type="submit" class="b-${b.style}">${escapeHtml(b.text)}</button></form>`;
    }
    const href = linkHref(card, frame, b.url);
    return href ? `<a class="b-${b.style}" href="${escapeHtml(href)}">${escapeHtml(b.text)}</a>` : "";
  });
  return `<div class="btns">${shown.join("")}</div>`;
}

/** Key-value rows; DingTalk writes "键：值" on one line, WeCom lines the keys up in a column. */
const rows = (card: SandboxCardView, colon = "") =>
  card.rows.map((r) => `<div class="kv"><span class="k">${escapeHtml(r.key)}${colon}</span><span class="v">${escapeHtml(r.value)}</span></div>`).join("");

const anchor = (card: SandboxCardView) => `card-${card.platform}-${escapeHtml(card.taskId)}`;

/** A WeCom template card: source line, title and grey desc, key-value rows, buttons or the grey final state. */
export function wecomCardHtml(card: SandboxCardView, frame: InboxFrame): string {
  const href = linkHref(card, frame, card.detailUrl);
  return `${meta(card, frame)}<article class="wc" id="${anchor(card)}"><div class="src"><i></i>学管</div><div class="bd"><div class="tt">${escapeHtml(card.title)}</div>${
    card.subtitle ? `<div class="ds">${escapeHtml(card.subtitle)}</div>` : ""
  }${rows(card)}</div>${buttons(card, frame)}${href ? `<a class="more" href="${escapeHtml(href)}">查看详情</a>` : ""}</article>`;
}

/** A DingTalk interactive card: app line, title, "键：值" rows, rounded buttons or the grey state, detail link. */
export function dingtalkCardHtml(card: SandboxCardView, frame: InboxFrame): string {
  const href = linkHref(card, frame, card.detailUrl);
  return `${meta(card, frame)}<article class="dc" id="${anchor(card)}"><div class="hd"><span><b>学管</b> · 互动卡片</span></div><div class="bd"><div class="tt">${escapeHtml(card.title)}</div>${
    card.subtitle ? `<div class="ds">${escapeHtml(card.subtitle)}</div>` : ""
  }${rows(card, "：")}</div>${buttons(card, frame)}${href ? `<a class="more" href="${escapeHtml(href)}">查看详情 ›</a>` : ""}</article>`;
}

/** A DingTalk todo row: done mark, subject, due time (red once past and not done), link. */
export function todoHtml(todo: SandboxTodoView, frame: InboxFrame): string {
  const safe = safeHref(todo.detailUrl);
  const href = safe === undefined ? undefined : openAsHref(todo.platform, frame.staffId, safe);
  const late = !todo.done && todo.dueAt !== undefined && todo.dueAt < frame.now;
  const due =
    todo.dueAt === undefined ? "" : `<div class="todo-due${late ? " late" : ""}">截止 ${escapeHtml(shortTime(todo.dueAt, frame))}${late ? "（已逾期）" : ""}</div>`;
  const subject = href ? `<a class="todo-subject" href="${escapeHtml(href)}">${escapeHtml(todo.subject)}</a>` : `<span class="todo-subject">${escapeHtml(todo.subject)}</span>`;
  return `<li class="${todo.done ? "done" : "open"}"><span class="todo-mark">${todo.done ? "✓" : ""}</span><div class="todo-body">${subject}${due}<div class="todo-due">${
    todo.done ? "已完成" : "未完成"
  } · ${escapeHtml(shortTime(todo.createdAt, frame))} 创建</div></div></li>`;
}
