// The words and colours of the ticket pages: status tags, the SLA badge (还剩 1小时20分 / 已超时 25分,
// orange near the due time, red past it), durations in 小时/分 for the SLA settings.
import type { SlaState, TicketStatus } from "@shared/tickets";

export { SLA_TARGET_LABELS, TICKET_CHANNEL_LABELS, TICKET_FIELD_TYPE_LABELS, TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS } from "@shared/tickets";

export const TICKET_STATUS_TAG: Record<TicketStatus, "primary" | "success" | "warning" | "danger" | "default"> = {
  new: "danger",
  in_progress: "primary",
  waiting: "warning",
  resolved: "success",
  closed: "default",
};

/** "1小时20分", "25分", "2天3小时" for a span of minutes (a day is 24 hours here: it is the wall clock). */
export function minutesText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return `${days}天${hours > 0 ? `${hours}小时` : ""}`;
  if (hours > 0) return `${hours}小时${mins > 0 ? `${mins}分` : ""}`;
  return `${mins}分`;
}

/** A policy's target in business minutes as "2小时", "30分钟", "48小时" (no days: these are opening hours). */
export function targetText(minutes: number | null): string {
  if (minutes === null) return "不计时";
  const hours = Math.floor(minutes / 60);
  const mins = minutes % 60;
  return `${hours > 0 ? `${hours}小时` : ""}${mins > 0 || hours === 0 ? `${mins}分钟` : ""}`;
}

export type SlaBadge = { text: string; tone: "ok" | "near" | "breached" | "paused" };

/** The badge of a ticket with its nearest due time; undefined when no clock runs. */
export function slaBadge(nextDueAt: number | null, state: SlaState, now: number, paused = false): SlaBadge | undefined {
  if (paused) return { text: "已暂停 · 待家长回复", tone: "paused" };
  if (nextDueAt === null || state === "none") return undefined;
  const minutes = (nextDueAt - now) / 60_000;
  if (state === "breached" || minutes <= 0) return { text: `已超时 ${minutesText(Math.max(1, -minutes))}`, tone: "breached" };
  return { text: `还剩 ${minutesText(Math.max(1, minutes))}`, tone: state === "near" ? "near" : "ok" };
}
