// The domain side of the ticket cards: who is on a campus team, who its lead is, who the principals are,
// and the cards themselves — the queue card with 认领 (updated everywhere once someone has it) and the
// notices. Every card about a ticket is `refType` ticket, `refId` its id; the reminders and escalations
// go out through quiet hours (sendableAt), the claim card too (nobody is woken for a queue).
import { eq } from "drizzle-orm";
import { campuses, staff, students, type TicketRow, type TicketTypeRow } from "../../db/schema";
import { actorColumns, type Ctx } from "../../core/context";
import { monthDayTime } from "../../core/clock";
import { sendCard, updateCardsAbout } from "../../outbox/messages";
import { staffWithRole } from "../workflow/resolveApprovers";
import { teamRoleOf } from "./ticketRecords";
import { campusTimeZone } from "../calendar/campusCalendar";
import { displayActorLabel } from "../../../shared/actorLabels";
import { ticketPath } from "../../../shared/appPaths";
import { TICKET_CHANNEL_LABELS, TICKET_PRIORITY_LABELS, type SlaRecipient } from "../../../shared/tickets";
import { TICKET_CLAIM_CARD_KIND, TICKET_NOTICE_CARD_KIND, ticketClaimCard, ticketNoticeCard, type TicketCardView, type TicketNoticeLevel } from "../../../cards/ticketCards";

export const TICKET_CARD_REF = "ticket";

/** The campus team a type's unowned tickets queue for. */
export const teamStaff = (ctx: Ctx, type: TicketTypeRow, campusId: number): number[] => staffWithRole(ctx, teamRoleOf(type), campusId);

/** The campus principals; with none, the admins (someone must hear of a breach). */
export function principalsOf(ctx: Ctx, campusId: number): number[] {
  const principals = staffWithRole(ctx, "principal", campusId);
  return principals.length > 0 ? principals : staffWithRole(ctx, "admin", null);
}

/** The team's lead: the type's named lead while active, else the campus principals. */
export function teamLead(ctx: Ctx, type: TicketTypeRow, campusId: number): number[] {
  if (type.leadStaffId !== null) {
    const lead = ctx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, type.leadStaffId)).get();
    if (lead?.status === "active") return [type.leadStaffId];
  }
  return principalsOf(ctx, campusId);
}

/** The people a rung of the ladder names, for one ticket (the assignee; unassigned: the team). */
export function ladderStaff(ctx: Ctx, t: TicketRow, type: TicketTypeRow, rung: readonly SlaRecipient[]): number[] {
  const ids = rung.flatMap((r) => {
    if (r === "assignee") return t.assigneeId !== null ? [t.assigneeId] : teamStaff(ctx, type, t.campusId);
    if (r === "team_lead") return teamLead(ctx, type, t.campusId);
    return principalsOf(ctx, t.campusId);
  });
  return [...new Set(ids)];
}

export const staffName = (ctx: Ctx, id: number | null): string | null =>
  id === null ? null : (ctx.db.select({ name: staff.name }).from(staff).where(eq(staff.id, id)).get()?.name ?? null);

/** "3月2日 14:00" in the campus's time zone. */
export const ticketTimeText = (ctx: Ctx, t: TicketRow, ms: number) => monthDayTime(ms, campusTimeZone(ctx, t.campusId));

export function ticketCardView(ctx: Ctx, t: TicketRow, type: TicketTypeRow): TicketCardView {
  const studentName = t.studentId === null ? null : (ctx.db.select({ name: students.name }).from(students).where(eq(students.id, t.studentId)).get()?.name ?? null);
  const campusName = ctx.db.select({ name: campuses.name }).from(campuses).where(eq(campuses.id, t.campusId)).get()?.name ?? "";
  return {
    typeName: type.name,
    title: t.title,
    priorityLabel: TICKET_PRIORITY_LABELS[t.priority],
    channelLabel: TICKET_CHANNEL_LABELS[t.channel],
    studentName,
    campusName,
    detailUrl: ticketPath(t.id),
  };
}

const about = (t: TicketRow) => ({ refType: TICKET_CARD_REF, refId: String(t.id) });

/** The queue card to the campus team, with 认领. */
export function sendClaimCard(ctx: Ctx, t: TicketRow, type: TicketTypeRow, staffIds: number[], notBefore: number, firstDueAt: number | null): void {
  if (staffIds.length === 0) return;
  const content = ticketClaimCard({ ...ticketCardView(ctx, t, type), dueText: firstDueAt === null ? null : ticketTimeText(ctx, t, firstDueAt) });
  sendCard(ctx, { kind: TICKET_CLAIM_CARD_KIND, ...about(t), content, staffIds, notBefore });
}

/** Every copy of the queue card shows who has the ticket now ("已由 王芳 认领"): no one else claims it. */
export function settleClaimCards(ctx: Ctx, t: TicketRow, type: TicketTypeRow, verb: "认领" | "分派"): void {
  const who = verb === "认领" ? displayActorLabel(actorColumns(ctx.actor).actorLabel) : (staffName(ctx, t.assigneeId) ?? "");
  const state = verb === "认领" ? `已由 ${who} 认领 · ${ticketTimeText(ctx, t, ctx.clock.now())}` : `已分派给 ${who}`;
  updateCardsAbout(ctx, { kind: TICKET_CLAIM_CARD_KIND, ...about(t) }, ticketClaimCard({ ...ticketCardView(ctx, t, type), dueText: null, state }));
}

/** A notice about the ticket to these people. */
export function sendTicketNotice(
  ctx: Ctx,
  t: TicketRow,
  type: TicketTypeRow,
  o: { level: TicketNoticeLevel; staffIds: number[]; notBefore: number; targetText?: string; dueAt?: number | null; waitText?: string },
): void {
  if (o.staffIds.length === 0) return;
  const content = ticketNoticeCard({
    ...ticketCardView(ctx, t, type),
    level: o.level,
    assigneeName: staffName(ctx, t.assigneeId),
    ...(o.targetText ? { targetText: o.targetText } : {}),
    ...(o.dueAt ? { dueText: ticketTimeText(ctx, t, o.dueAt) } : {}),
    ...(o.waitText ? { waitText: o.waitText } : {}),
  });
  sendCard(ctx, { kind: TICKET_NOTICE_CARD_KIND, ...about(t), content, staffIds: o.staffIds, notBefore: o.notBefore });
}
