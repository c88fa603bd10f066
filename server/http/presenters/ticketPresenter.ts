// API JSON for tickets (工单), their types and SLA policies: times as epoch ms, zh-CN labels beside the
// codes, each SLA clock with its due time and verdict, the timeline with who did what.
import type { SlaPolicyRow, TicketEventRow, TicketRow, TicketTypeRow } from "../../db/schema";
import type { TicketDetail } from "../../domain/tickets/ticketDetail";
import type { TicketListItem } from "../../domain/tickets/listTickets";
import { displayActorLabel } from "../../../shared/actorLabels";
import {
  SLA_TARGET_LABELS,
  TICKET_CHANNEL_LABELS,
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  type SlaLadder,
  type TicketFieldDef,
} from "../../../shared/tickets";

export const presentTicketType = (t: TicketTypeRow) => ({
  id: t.id,
  builtIn: t.builtIn,
  name: t.name,
  fields: t.fields as TicketFieldDef[],
  ownerRole: t.ownerRole,
  teamRole: t.teamRole,
  leadStaffId: t.leadStaffId,
  active: t.active,
  sortOrder: t.sortOrder,
  version: t.version,
});

export const presentSlaPolicy = (p: SlaPolicyRow) => ({
  id: p.id,
  name: p.name,
  position: p.position,
  typeId: p.typeId,
  priority: p.priority,
  campusId: p.campusId,
  firstResponseMinutes: p.firstResponseMinutes,
  nextResponseMinutes: p.nextResponseMinutes,
  resolutionMinutes: p.resolutionMinutes,
  warnPercent: p.warnPercent,
  unassignedMinutes: p.unassignedMinutes,
  ladder: p.ladder as SlaLadder,
  urgent: p.urgent,
  version: p.version,
});

/** The ticket's own columns (what a verb answers). */
export const presentTicket = (t: TicketRow) => ({
  id: t.id,
  typeId: t.typeId,
  title: t.title,
  description: t.description,
  priority: t.priority,
  priorityLabel: TICKET_PRIORITY_LABELS[t.priority],
  channel: t.channel,
  channelLabel: TICKET_CHANNEL_LABELS[t.channel],
  status: t.status,
  statusLabel: TICKET_STATUS_LABELS[t.status],
  studentId: t.studentId,
  campusId: t.campusId,
  assigneeId: t.assigneeId,
  fields: t.fields as Record<string, unknown>,
  createdById: t.createdById,
  createdBy: displayActorLabel(t.createdByLabel),
  createdAt: t.createdAt,
  firstResponseAt: t.firstResponseAt,
  resolvedAt: t.resolvedAt,
  closedAt: t.closedAt,
  reopenCount: t.reopenCount,
  nextDueAt: t.nextDueAt,
  version: t.version,
});
export type TicketJson = ReturnType<typeof presentTicket>;

export const presentTicketListItem = (t: TicketListItem) => ({
  ...presentTicket(t),
  typeName: t.typeName,
  studentName: t.studentName,
  assigneeName: t.assigneeName,
  slaState: t.slaState,
});

const presentEvent = (e: TicketEventRow & { assigneeName: string | null }) => ({
  id: e.id,
  kind: e.kind,
  body: e.body,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  assigneeId: e.assigneeId,
  assigneeName: e.assigneeName,
  actor: displayActorLabel(e.actorLabel),
  at: e.at,
});

export const presentTicketDetail = (d: TicketDetail) => ({
  ...presentTicket(d.ticket),
  type: presentTicketType(d.type),
  studentName: d.studentName,
  campusName: d.campusName,
  assigneeName: d.assigneeName,
  slaState: d.slaState,
  paused: d.paused,
  /** Every SLA target of the ticket: when it started, its due time, and whether it was met. */
  clocks: d.clocks.map((c) => ({
    target: c.target,
    targetLabel: SLA_TARGET_LABELS[c.target],
    cycle: c.cycle,
    startedAt: c.startedAt,
    targetMinutes: c.targetMinutes,
    dueAt: c.dueAt,
    warnAt: c.warnAt,
    metAt: c.metAt,
    breachedAt: c.breachedAt,
    stoppedAt: c.stoppedAt,
    verdict: c.verdict,
  })),
  pauses: d.pauses,
  events: d.events.map(presentEvent),
  /** The complaint's 回访 follow-up task (id and state), or null. */
  visitTask: d.visitTask,
});
export type TicketDetailJson = ReturnType<typeof presentTicketDetail>;
export type TicketListItemJson = ReturnType<typeof presentTicketListItem>;
export type TicketTypeJson = ReturnType<typeof presentTicketType>;
export type SlaPolicyJson = ReturnType<typeof presentSlaPolicy>;
