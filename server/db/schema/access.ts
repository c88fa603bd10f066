// Access: staff sessions, API tokens (stored hashed) and the audit log.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ACTOR_KINDS } from "./ledger";
import { epochMs, id } from "./columns";
import { ROLES, staff } from "./staff";

export const sessions = sqliteTable(
  "sessions",
  {
    id: id(),
    /** sha256 of the session token; the token itself only lives in the signed cookie. */
    tokenHash: text("token_hash").notNull(),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    /** How the session was created: sandbox, wecom, dingtalk. */
    via: text("via").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Absolute end of the session, fixed at login. */
    expiresAt: epochMs("expires_at").notNull(),
    /** Last request seen on the session (to the minute): past the idle timeout it ends. */
    lastSeenAt: epochMs("last_seen_at"),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [uniqueIndex("sessions_token_uq").on(t.tokenHash), index("sessions_staff_idx").on(t.staffId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: id(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** JSON array of campus ids the token is limited to (campus-scoped roles). */
    campusIds: text("campus_ids").notNull().default("[]"),
    tokenHash: text("token_hash").notNull(),
    /** First characters of the token, so a person can tell tokens apart in a list. */
    prefix: text("prefix").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: epochMs("last_used_at"),
    /** The token is refused from this instant (null: never expires). */
    expiresAt: epochMs("expires_at"),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    at: epochMs("at").notNull(),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label").notNull(),
    /** Dotted verb, e.g. `payment.record`, `staff.roles.update`, `guardian.mobile.reveal`. */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id"),
    /** JSON with what changed. */
    details: text("details").notNull().default("{}"),
    requestId: text("request_id"),
    /** The student the row is about, when it is about one (scopes audit reads). */
    studentId: integer("student_id"),
    /** The campus the row is about, when it is tied to one (scopes audit reads); null with no student is institution-wide. */
    campusId: integer("campus_id"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_at_idx").on(t.at),
    index("audit_log_student_idx").on(t.studentId),
    index("audit_log_campus_idx").on(t.campusId),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
