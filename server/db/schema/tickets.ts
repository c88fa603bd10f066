// Tickets (工单): consultations, complaints, suggestions, repairs and the types an admin adds, each
// type with its own fields; the timeline of replies, family messages, notes, status and assignment
// changes; the SLA policies per type and priority, and each ticket's SLA targets with their verdicts.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { epochMs, id, timestamps, version } from "./columns";
import { ACTOR_KINDS } from "./ledger";
import { staff } from "./staff";
import { students } from "./students";
import { TICKET_CHANNELS, TICKET_EVENT_KINDS, TICKET_PRIORITIES, TICKET_STATUSES, SLA_TARGETS } from "../../../shared/tickets";

export { TICKET_CHANNELS, TICKET_EVENT_KINDS, TICKET_PRIORITIES, TICKET_STATUSES, SLA_TARGETS } from "../../../shared/tickets";
export type { TicketChannel, TicketEventKind, TicketPriority, TicketStatus, SlaTarget } from "../../../shared/tickets";

/**
 * A ticket type. `builtIn` names the shipped ones (consult, complaint, suggestion, repair); `fields` is
 * JSON, the type's own fields ({ key, label, type, required, options? }); `ownerRole` is the student's
 * owner a ticket goes to (head_teacher, advisor; null: none), `teamRole` the campus queue it falls to
 * otherwise, `leadStaffId` the team's lead (unassigned escalation; null: the campus principals).
 */
export const ticketTypes = sqliteTable(
  "ticket_types",
  {
    id: id(),
    builtIn: text("built_in"),
    name: text("name").notNull(),
    fields: text("fields", { mode: "json" }).notNull(),
    ownerRole: text("owner_role"),
    teamRole: text("team_role").notNull(),
    leadStaffId: integer("lead_staff_id").references(() => staff.id),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("ticket_types_name_uq").on(t.name), uniqueIndex("ticket_types_built_in_uq").on(t.builtIn)],
);

export const tickets = sqliteTable(
  "tickets",
  {
    id: id(),
    typeId: integer("type_id")
      .notNull()
      .references(() => ticketTypes.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    priority: text("priority", { enum: TICKET_PRIORITIES }).notNull().default("normal"),
    channel: text("channel", { enum: TICKET_CHANNELS }).notNull(),
    studentId: integer("student_id").references(() => students.id),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("new"),
    assigneeId: integer("assignee_id").references(() => staff.id),
    /** The type's field values (JSON object keyed by field key), validated by the server. */
    fields: text("fields", { mode: "json" }).notNull(),
    /** The SLA policy the targets were computed with (null: none matched). */
    policyId: integer("policy_id"),
    createdById: integer("created_by_id").references(() => staff.id),
    createdByLabel: text("created_by_label").notNull(),
    firstResponseAt: epochMs("first_response_at"),
    resolvedAt: epochMs("resolved_at"),
    closedAt: epochMs("closed_at"),
    reopenCount: integer("reopen_count").notNull().default(0),
    /** When the unassigned-ticket escalation went to the team lead (once). */
    unassignedEscalatedAt: epochMs("unassigned_escalated_at"),
    /** When an unassigned ticket is due to escalate to the team lead (business minutes; null once assigned or escalated): the sweep's index. */
    unassignedDueAt: epochMs("unassigned_due_at"),
    /** The earliest open SLA due time (null: none running), for the sweep and the lists' badges. */
    nextDueAt: epochMs("next_due_at"),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("tickets_campus_status_idx").on(t.campusId, t.status),
    index("tickets_assignee_idx").on(t.assigneeId, t.status),
    index("tickets_student_idx").on(t.studentId),
    index("tickets_next_due_idx").on(t.nextDueAt),
    index("tickets_type_idx").on(t.typeId, t.status),
    index("tickets_unassigned_due_idx").on(t.unassignedDueAt),
  ],
);

/** The timeline: `reply` (to the family: a response), `customer` (the family wrote), `note` (internal), status and assignment changes. */
export const ticketEvents = sqliteTable(
  "ticket_events",
  {
    id: id(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => tickets.id),
    kind: text("kind", { enum: TICKET_EVENT_KINDS }).notNull(),
    body: text("body").notNull().default(""),
    fromStatus: text("from_status", { enum: TICKET_STATUSES }),
    toStatus: text("to_status", { enum: TICKET_STATUSES }),
    assigneeId: integer("assignee_id").references(() => staff.id),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label").notNull(),
    at: epochMs("at").notNull(),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.at)],
);

/**
 * An SLA policy: the first by `position` whose type / priority / campus match (null matches any) sets a
 * ticket's targets, in business minutes of the campus calendar. `ladder` is JSON: who is told at the
 * warning (`warnPercent` of a target), when unassigned for `unassignedMinutes`, and at the breach.
 * `urgent`: its reminders go out in closed hours too.
 */
export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: id(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    typeId: integer("type_id").references(() => ticketTypes.id),
    priority: text("priority", { enum: TICKET_PRIORITIES }),
    campusId: integer("campus_id").references(() => campuses.id),
    firstResponseMinutes: integer("first_response_minutes"),
    nextResponseMinutes: integer("next_response_minutes"),
    resolutionMinutes: integer("resolution_minutes"),
    warnPercent: integer("warn_percent").notNull().default(80),
    unassignedMinutes: integer("unassigned_minutes"),
    ladder: text("ladder", { mode: "json" }).notNull(),
    urgent: integer("urgent", { mode: "boolean" }).notNull().default(false),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("sla_policies_position_idx").on(t.position)],
);

/**
 * One SLA clock of a ticket: a target (`first_response`, `next_response` — one per family message
 * awaiting an answer —, `resolution`) started at `startedAt`, due at `dueAt` (business minutes, pauses
 * excluded), met at `metAt` or breached at `breachedAt` (the first verdict is kept for reports), and the
 * warning / breach notices, each sent once.
 */
export const ticketSlaClocks = sqliteTable(
  "ticket_sla_clocks",
  {
    id: id(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => tickets.id),
    target: text("target", { enum: SLA_TARGETS }).notNull(),
    cycle: integer("cycle").notNull().default(0),
    startedAt: epochMs("started_at").notNull(),
    targetMinutes: integer("target_minutes").notNull(),
    dueAt: epochMs("due_at"),
    warnAt: epochMs("warn_at"),
    metAt: epochMs("met_at"),
    breachedAt: epochMs("breached_at"),
    warnedAt: epochMs("warned_at"),
    breachNotifiedAt: epochMs("breach_notified_at"),
    /** Stopped without a verdict (the policy no longer has this target). */
    stoppedAt: epochMs("stopped_at"),
  },
  (t) => [
    uniqueIndex("ticket_sla_clocks_uq").on(t.ticketId, t.target, t.cycle),
    // Partial: the sweep reads only the clocks still owing a notice, never the history of settled ones.
    index("ticket_sla_clocks_due_idx")
      .on(t.dueAt)
      .where(sql`breach_notified_at IS NULL AND met_at IS NULL AND stopped_at IS NULL`),
    index("ticket_sla_clocks_warn_idx")
      .on(t.warnAt)
      .where(sql`warned_at IS NULL AND met_at IS NULL AND stopped_at IS NULL`),
  ],
);

/** The periods a ticket waited on the family (待回复): its clocks do not run in them. `until` null: still waiting. */
export const ticketPauses = sqliteTable(
  "ticket_pauses",
  {
    id: id(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => tickets.id),
    from: epochMs("from").notNull(),
    until: epochMs("until"),
  },
  (t) => [index("ticket_pauses_ticket_idx").on(t.ticketId)],
);

export type TicketTypeRow = typeof ticketTypes.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type TicketSlaClockRow = typeof ticketSlaClocks.$inferSelect;
export type TicketPauseRow = typeof ticketPauses.$inferSelect;
