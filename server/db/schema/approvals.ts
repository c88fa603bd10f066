// Approval flows (审批): definitions are data (ordered steps, stored per version), an instance pins
// the version it started with, each step that becomes active gets a step run with one task per
// approver, and every transition is a timeline row. One decision per task, keyed by its status.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { cards } from "./outbox";
import { ACTOR_KINDS } from "./ledger";
import { epochMs, id, timestamps, version } from "./columns";
import { staff } from "./staff";
import { students } from "./students";
import { APPROVAL_STATUSES } from "../../../shared/approvals";

export { APPROVAL_STATUSES, type ApprovalStatus } from "../../../shared/approvals";

/** A flow definition version. The highest version of a key is the one new requests use. */
export const approvalDefinitions = sqliteTable(
  "approval_definitions",
  {
    id: id(),
    /** The request type it serves: leave, refund, transfer, suspension, or an admin's own key. */
    key: text("key").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    /** The validated definition JSON (steps, approvers, modes, conditions, time limits). */
    definition: text("definition", { mode: "json" }).notNull(),
    createdBy: integer("created_by").references(() => staff.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("approval_definitions_key_version_uq").on(t.key, t.version)],
);

/** One request going through a flow. `fields` are the request's facts, which conditions read. */
export const approvalInstances = sqliteTable(
  "approval_instances",
  {
    id: id(),
    type: text("type").notNull(),
    definitionId: integer("definition_id")
      .notNull()
      .references(() => approvalDefinitions.id),
    status: text("status", { enum: APPROVAL_STATUSES }).notNull().default("pending"),
    /** Staff who asked; null when a guardian asked through a signed link (see requesterLabel). */
    requesterStaffId: integer("requester_staff_id").references(() => staff.id),
    requesterLabel: text("requester_label").notNull(),
    campusId: integer("campus_id").references(() => campuses.id),
    studentId: integer("student_id").references(() => students.id),
    fields: text("fields", { mode: "json" }).notNull(),
    /** Index of the step now active in the definition (−1 before the first, steps.length when done). */
    currentStep: integer("current_step").notNull().default(-1),
    /** Idempotency key of the submission, so a retried request creates one instance. */
    requestKey: text("request_key"),
    decidedAt: epochMs("decided_at"),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("approval_instances_status_idx").on(t.status, t.type),
    index("approval_instances_student_idx").on(t.studentId, t.createdAt),
    index("approval_instances_requester_idx").on(t.requesterStaffId, t.createdAt),
    uniqueIndex("approval_instances_request_key_uq").on(t.requestKey),
  ],
);

export const STEP_MODES = ["any", "all"] as const;
export type StepMode = (typeof STEP_MODES)[number];
export const STEP_RUN_STATUSES = ["active", "approved", "rejected", "skipped", "cancelled"] as const;
export type StepRunStatus = (typeof STEP_RUN_STATUSES)[number];

/** A step of an instance that was entered: its approvers resolved then, its card, its clock. */
export const approvalStepRuns = sqliteTable(
  "approval_step_runs",
  {
    id: id(),
    instanceId: integer("instance_id")
      .notNull()
      .references(() => approvalInstances.id),
    stepIndex: integer("step_index").notNull(),
    stepId: text("step_id").notNull(),
    mode: text("mode", { enum: STEP_MODES }).notNull(),
    status: text("status", { enum: STEP_RUN_STATUSES }).notNull().default("active"),
    /** The card every approver of this step received (one delivery each). */
    cardId: integer("card_id").references(() => cards.id),
    enteredAt: epochMs("entered_at").notNull(),
    dueAt: epochMs("due_at"),
    remindersSent: integer("reminders_sent").notNull().default(0),
    escalatedAt: epochMs("escalated_at"),
    decidedAt: epochMs("decided_at"),
  },
  (t) => [
    uniqueIndex("approval_step_runs_instance_step_uq").on(t.instanceId, t.stepIndex),
    index("approval_step_runs_due_idx").on(t.status, t.dueAt),
  ],
);

export const TASK_STATUSES = ["pending", "approved", "rejected", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const DECISION_CHANNELS = ["card", "app", "api", "timeout"] as const;

/** One approver's task in a step run; decided at most once (pending → approved | rejected | cancelled). */
export const approvalTasks = sqliteTable(
  "approval_tasks",
  {
    id: id(),
    instanceId: integer("instance_id")
      .notNull()
      .references(() => approvalInstances.id),
    stepRunId: integer("step_run_id")
      .notNull()
      .references(() => approvalStepRuns.id),
    approverStaffId: integer("approver_staff_id")
      .notNull()
      .references(() => staff.id),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("pending"),
    comment: text("comment"),
    decidedVia: text("decided_via", { enum: DECISION_CHANNELS }),
    decidedAt: epochMs("decided_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("approval_tasks_run_approver_uq").on(t.stepRunId, t.approverStaffId),
    index("approval_tasks_approver_idx").on(t.approverStaffId, t.status),
    index("approval_tasks_instance_idx").on(t.instanceId),
  ],
);

export const TIMELINE_ACTIONS = [
  "submitted",
  "step_started",
  "approved",
  "rejected",
  "step_approved",
  "step_rejected",
  "step_skipped",
  "withdrawn",
  "reminded",
  "escalated",
  "auto_approved",
  "auto_rejected",
  "completed",
  "effect_applied",
] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

/** Everything that happened to an instance, in order: the flow's timeline shown to approvers. */
export const approvalTimeline = sqliteTable(
  "approval_timeline",
  {
    id: id(),
    instanceId: integer("instance_id")
      .notNull()
      .references(() => approvalInstances.id),
    at: epochMs("at").notNull(),
    action: text("action", { enum: TIMELINE_ACTIONS }).notNull(),
    stepRunId: integer("step_run_id").references(() => approvalStepRuns.id),
    taskId: integer("task_id").references(() => approvalTasks.id),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label").notNull(),
    comment: text("comment"),
  },
  (t) => [index("approval_timeline_instance_idx").on(t.instanceId, t.id)],
);

export type ApprovalDefinitionRow = typeof approvalDefinitions.$inferSelect;
export type ApprovalInstanceRow = typeof approvalInstances.$inferSelect;
export type ApprovalStepRunRow = typeof approvalStepRuns.$inferSelect;
export type ApprovalTaskRow = typeof approvalTasks.$inferSelect;
export type ApprovalTimelineRow = typeof approvalTimeline.$inferSelect;
