// Complaints close with a 回访: resolving one opens a `complaint_visit` follow-up for customer service of
// the campus — the assignee when they are customer service, else the campus's first service member,
// else its first principal (else the assignee) — due by closing time of the next business day of the
// campus calendar. A complaint with no student cannot carry a follow-up task (a task is about a
// student): its 回访 is a notice card to the same person, and the outcome is recorded on the ticket
// (POST /api/v1/tickets/:id/visit-outcome). Reopened and resolved again: a new 回访 (keyed by reopen count).
import { and, eq } from "drizzle-orm";
import { staffRoles, type TicketRow, type TicketTypeRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { businessDate } from "../../core/clock";
import { localDate, openIntervals } from "../calendar/businessTime";
import { campusCalendar } from "../calendar/campusCalendar";
import { sendableAt } from "../calendar/quietHours";
import { openFollowupTask } from "../followupTasks/openFollowupTask";
import { staffWithRole } from "../workflow/resolveApprovers";
import { sendTicketNotice, staffName, ticketTimeText } from "./ticketCards";
import { TICKET_CHANNEL_LABELS } from "../../../shared/tickets";

const DAY_MS = 86_400_000;

export const isComplaint = (type: TicketTypeRow) => type.builtIn === "complaint";

/** Who makes the 回访. */
export function visitOwner(ctx: Ctx, t: TicketRow): number | null {
  if (t.assigneeId !== null) {
    const isService = ctx.db.select({ r: staffRoles.role }).from(staffRoles).where(and(eq(staffRoles.staffId, t.assigneeId), eq(staffRoles.role, "service"))).get();
    if (isService) return t.assigneeId;
  }
  return staffWithRole(ctx, "service", t.campusId)[0] ?? staffWithRole(ctx, "principal", t.campusId)[0] ?? t.assigneeId;
}

/** Closing time of the first open day after `from`'s local date (within 1 business day); `from` + 1 day when the calendar never opens. */
export function nextBusinessDayClose(ctx: Ctx, campusId: number, from: number): number {
  const cal = campusCalendar(ctx, campusId, businessDate(from - 2 * DAY_MS, ctx.tz));
  const today = localDate(from, cal.tz);
  let day: string | null = null;
  let close: number | null = null;
  for (const [s, e] of openIntervals(cal, from)) {
    const d = localDate(s, cal.tz);
    if (d <= today) continue;
    if (day === null) day = d;
    if (d !== day) break;
    close = e;
  }
  return close ?? from + DAY_MS;
}

/** Opens the complaint's 回访 (once per resolution). */
export function openComplaintVisit(ctx: Ctx, t: TicketRow, type: TicketTypeRow): void {
  const ownerId = visitOwner(ctx, t);
  const dueAt = nextBusinessDayClose(ctx, t.campusId, ctx.clock.now());
  const title = `投诉回访 · ${t.title}`;
  if (t.studentId === null) {
    if (ownerId !== null) {
      sendTicketNotice(ctx, t, type, { level: "visit", staffIds: [ownerId], notBefore: sendableAt(ctx, t.campusId), targetText: "回访", dueAt });
    }
    return;
  }
  openFollowupTask(ctx, {
    kind: "complaint_visit",
    trigger: "complaint",
    ruleKey: "ticket",
    dedupeKey: `complaint_visit:ticket:${t.id}:${t.reopenCount}`,
    studentId: t.studentId,
    campusId: t.campusId,
    ownerId,
    ticketId: t.id,
    title: title.slice(0, 100),
    facts: {
      lines: [
        { key: "投诉", value: t.title },
        { key: "处理人", value: staffName(ctx, t.assigneeId) ?? "未分派" },
        { key: "来源", value: TICKET_CHANNEL_LABELS[t.channel] },
        { key: "解决于", value: ticketTimeText(ctx, t, ctx.clock.now()) },
      ],
      ticketId: t.id,
    },
    dueAt,
    inputs: { ticketId: t.id, resolvedAt: ctx.clock.now(), reopenCount: t.reopenCount, assigneeId: t.assigneeId },
  });
}
