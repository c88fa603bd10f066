// The words the 待办 pages show for a task: its kind's tag colour, the one fact a list row leads with,
// its due date (overdue in red), and what the rule saw when it fired, in a sentence instead of JSON.
import type { FollowupTaskKind } from "@shared/followupTasks";
import { FOLLOWUP_TRIGGER_LABELS } from "@shared/followupTasks";
import { dateOf, formatHours, hoursText, timeOf } from "@/format/format";
import { monthDay } from "@/components/lessons/lessonDays";

type Line = { key: string; value: string };
type TaskLike = { kind: FollowupTaskKind; triggerLabel: string; lines: Line[]; dueAt: number; state: string };

/** The tag colour of each kind: renewals are money (orange), churn is risk (red), visits are care (green). */
export const KIND_TAG_COLOR: Record<FollowupTaskKind, { color: string; textColor: string }> = {
  renewal: { color: "#fff3e8", textColor: "#ed6a0c" },
  visit: { color: "#e8f7ee", textColor: "#07a35a" },
  churn: { color: "#ffeceb", textColor: "#ee0a24" },
  reminder: { color: "#eef3ff", textColor: "#3370ff" },
  complaint_visit: { color: "#f4ecff", textColor: "#7232dd" },
};

const line = (t: { lines: Line[] }, key: string) => t.lines.find((l) => l.key === key)?.value;

/** The fact a row leads with: 剩余 3.00 课时 · 预计 12月20日 用完 / the churn cause / which visit. */
export function keyFact(t: TaskLike): string {
  switch (t.kind) {
    case "renewal": {
      const left = line(t, "剩余课时");
      const runOut = line(t, "预计用完");
      // Owing, the hours ran out already: a run-out date (the first unpaid lesson) would read as the future.
      const owing = left?.startsWith("欠") === true;
      const said = runOut === "暂无排课" || runOut === "已用完";
      const when = owing ? "已用完" : runOut === undefined ? "" : said ? runOut : `预计 ${runOut} 用完`;
      return [left ?? t.triggerLabel, when].filter(Boolean).join(" · ");
    }
    case "churn": {
      const detail = t.lines.find((l) => l.key !== "原因");
      return [t.triggerLabel, detail?.value].filter(Boolean).join(" · ");
    }
    case "visit":
      return [t.triggerLabel, line(t, "班级") ?? line(t, "课程")].filter(Boolean).join(" · ");
    default:
      return [t.triggerLabel, t.lines[0]?.value].filter(Boolean).join(" · ");
  }
}

/** Days from business date `from` to `to` (both YYYY-MM-DD). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The business date a task is due: a due time is the end of that day (the next midnight) or a moment
 * within it (a lesson's start), so the day is the one holding the instant just before it.
 */
export const dueDate = (dueAt: number) => dateOf(dueAt - 1);

/** "12月8日 18:30 前", or "12月8日当天" when it is due by the end of the day. */
export function dueAtText(dueAt: number): string {
  const time = timeOf(dueAt);
  return time === "00:00" ? `${monthDay(dueDate(dueAt))}当天` : `${monthDay(dueDate(dueAt))} ${time} 前`;
}

/** "今天到期", "逾期 2 天", "12月20日到期" for an open task; for a closed one nothing (its outcome says it). */
export function dueText(t: { dueAt: number; state: string }, today: string): string {
  if (t.state !== "open") return "";
  const due = dueDate(t.dueAt);
  const days = daysBetween(today, due);
  if (days === 0) return "今天到期";
  if (days < 0) return `逾期 ${-days} 天`;
  if (days === 1) return "明天到期";
  return `${monthDay(due)}到期`;
}

export const isOverdue = (t: { dueAt: number; state: string }, today: string) => t.state === "open" && dueDate(t.dueAt) < today;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const dayOf = (ms: number | undefined) => (ms === undefined ? undefined : monthDay(dateOf(ms)));
const dateDay = (date: string | undefined) => (date === undefined ? undefined : monthDay(date));

/**
 * What the rule saw when it fired, in words ("可用 3.00 课时，不到提醒线 4.00 课时"), from the firing's
 * inputs; a trigger this page does not know says its label only — never the raw JSON.
 */
export function firingWords(trigger: string, inputs: unknown): string {
  const i = (inputs ?? {}) as Record<string, unknown>;
  const p = (i.params ?? {}) as Record<string, unknown>;
  const label = FOLLOWUP_TRIGGER_LABELS[trigger] ?? "规则触发";
  const parts: (string | undefined)[] = (() => {
    switch (trigger) {
      case "run_out": {
        const at = dayOf(num(i.runOutAt));
        return [at && `按已排的课，课时预计 ${at} 用完`, num(p.runOutWeeks) !== undefined ? `在 ${num(p.runOutWeeks)} 周提醒期内` : undefined];
      }
      case "low_hours": {
        const usable = num(i.usable);
        const threshold = num(i.threshold);
        const last = num(i.lastPurchaseHours);
        return [
          usable !== undefined && threshold !== undefined ? `${usable < 0 ? formatHours(usable) : `可用 ${formatHours(usable)}`}，不超过提醒线 ${formatHours(threshold)}` : undefined,
          num(p.minHours) !== undefined && num(p.lastPurchasePercent) !== undefined
            ? `（${formatHours(num(p.minHours) ?? 0)}与上次购买${last !== undefined ? ` ${formatHours(last)}` : ""}的 ${num(p.lastPurchasePercent)}% 取大）`
            : undefined,
        ];
      }
      case "expiring": {
        const at = dayOf(num(i.nextExpiresAt));
        return [at && `有课时 ${at} 过期`, num(p.expiryDays) !== undefined ? `在 ${num(p.expiryDays)} 天提醒期内` : undefined];
      }
      case "owing":
        return [num(i.owed) !== undefined ? `已欠 ${hoursText(num(i.owed) ?? 0)} 课时` : undefined];
      case "checkin_refused":
        return ["课时用完，签到被拒"];
      case "visit_start":
        return [dateDay(str(i.fromDate)) && `${dateDay(str(i.fromDate))}开始上课`, num(p.startDays) !== undefined ? `已满 ${num(p.startDays)} 天` : undefined];
      case "visit_half": {
        const credited = num(i.credited);
        const remaining = num(i.remaining);
        return [
          credited !== undefined && remaining !== undefined ? `已用 ${hoursText(credited - remaining)} / ${formatHours(credited)}` : undefined,
          num(p.halfPercent) !== undefined ? `已过 ${num(p.halfPercent)}%` : undefined,
        ];
      }
      case "visit_end":
        return [dateDay(str(i.endDate)) && `班级 ${dateDay(str(i.endDate))}结课`, num(p.endDays) !== undefined ? `不到 ${num(p.endDays)} 天` : undefined];
      case "absences":
        return [num(p.absences) !== undefined ? `最近 ${num(p.absences)} 次课都缺勤` : undefined, dayOf(num(i.detail)) && `最近一次 ${dayOf(num(i.detail))}`];
      case "silent":
        return [num(p.silentDays) !== undefined ? `${num(p.silentDays)} 天没有来上课，仍有课时` : undefined, dayOf(num(i.detail)) && `上次上课 ${dayOf(num(i.detail))}`];
      case "low_rate":
        return [
          num(p.rateWeeks) !== undefined ? `近 ${num(p.rateWeeks)} 周出勤 ${num(i.detail) ?? 0}/${num(i.extra) ?? 0} 次` : undefined,
          num(p.ratePercent) !== undefined ? `低于 ${num(p.ratePercent)}%` : undefined,
        ];
      case "complaint":
        return [num(i.anchor) !== undefined ? `投诉工单 #${num(i.anchor)} 超过时限仍未解决` : undefined];
      case "next_date":
        return [dateDay(str(i.nextFollowupDate)) && `上次跟进约定 ${dateDay(str(i.nextFollowupDate))}再跟进`];
      case "complaint_resolved":
        return [num(i.ticketId) !== undefined ? `投诉工单 #${num(i.ticketId)} 已解决，回访家长是否满意` : undefined];
      default:
        return [];
    }
  })();
  const words = parts.filter((x): x is string => typeof x === "string" && x !== "");
  return words.length === 0 ? label : `${label}：${words.join("，").replace("，（", "（")}`;
}
