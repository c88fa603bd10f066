// Follow-up tasks (跟进待办): renewal, return-visit (回访), churn-warning and reminder work for one
// owner about one student, made by the service rules (or by a resolved complaint), each reaching its
// owner as a card or DingTalk todo and closed by an outcome. The rules' parameters and every firing
// are stored too, so a school can see why a task exists.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { epochMs, id, timestamps, version } from "./columns";
import { hourAccounts } from "./ledger";
import { staff } from "./staff";
import { students } from "./students";
import { FOLLOWUP_TASK_KINDS, FOLLOWUP_TASK_STATES } from "../../../shared/followupTasks";

export { FOLLOWUP_TASK_KINDS, FOLLOWUP_TASK_STATES, type FollowupTaskKind, type FollowupTaskState } from "../../../shared/followupTasks";

export const followupTasks = sqliteTable(
  "followup_tasks",
  {
    id: id(),
    kind: text("kind", { enum: FOLLOWUP_TASK_KINDS }).notNull(),
    /** Which rule trigger made it (e.g. `run_out`, `visit_start`, `absences`, `next_date`, `complaint`). */
    trigger: text("trigger").notNull(),
    /**
     * What makes it once: the rule's key for this occasion (e.g. `renewal:account:12:op:340`,
     * `churn:student:5:silent:since:…`). A re-run, or a second process, finds the key taken.
     */
    dedupeKey: text("dedupe_key").notNull(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
    ownerId: integer("owner_id").references(() => staff.id),
    accountId: integer("account_id").references(() => hourAccounts.id),
    ticketId: integer("ticket_id"),
    /** The 跟进记录 whose planned next date made this reminder. */
    sourceFollowupId: integer("source_followup_id"),
    title: text("title").notNull(),
    /** The facts the rule saw (JSON): shown on the card and the page, kept as the firing's inputs. */
    facts: text("facts", { mode: "json" }).notNull(),
    dueAt: epochMs("due_at").notNull(),
    state: text("state", { enum: FOLLOWUP_TASK_STATES }).notNull().default("open"),
    outcome: text("outcome"),
    reason: text("reason"),
    note: text("note").notNull().default(""),
    closedAt: epochMs("closed_at"),
    closedByLabel: text("closed_by_label"),
    /** The 跟进记录 the outcome wrote on the student's timeline. */
    recordId: integer("record_id"),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex("followup_tasks_dedupe_uq").on(t.dedupeKey),
    index("followup_tasks_owner_idx").on(t.ownerId, t.state, t.dueAt),
    index("followup_tasks_student_idx").on(t.studentId, t.state),
    index("followup_tasks_account_idx").on(t.accountId, t.state),
    index("followup_tasks_ticket_idx").on(t.ticketId),
    index("followup_tasks_state_due_idx").on(t.state, t.dueAt),
  ],
);

/** A rule's switch and parameters (JSON, validated by the rule type's schema); no row: the shipped defaults. */
export const serviceRules = sqliteTable("service_rules", {
  key: text("key").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  params: text("params", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
  version: version(),
});

/** Every firing of a rule: what it saw (inputs) and the task it made. */
export const ruleFirings = sqliteTable(
  "rule_firings",
  {
    id: id(),
    ruleKey: text("rule_key").notNull(),
    trigger: text("trigger").notNull(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    taskId: integer("task_id").references(() => followupTasks.id),
    inputs: text("inputs", { mode: "json" }).notNull(),
    at: epochMs("at").notNull(),
  },
  (t) => [index("rule_firings_rule_idx").on(t.ruleKey, t.at), index("rule_firings_student_idx").on(t.studentId, t.at)],
);

export type FollowupTaskRow = typeof followupTasks.$inferSelect;
export type ServiceRuleRow = typeof serviceRules.$inferSelect;
export type RuleFiringRow = typeof ruleFirings.$inferSelect;
