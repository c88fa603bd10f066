// The lesson-hour ledger (课时流水). One account per (student, course); hours live in lots with a value;
// every change is an operation (the business event: kind, reason, actor, cause) made of one entry per
// lot it touched. Operations and entries are append-only; lot balances are caches that reconcile checks.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { courses } from "./catalog";
import { epochMs, id } from "./columns";
import { orderItems } from "./orders";
import { students } from "./students";
import { LEDGER_KINDS } from "../../../shared/ledger";

export { LEDGER_KINDS, type LedgerKind } from "../../../shared/ledger";

export const hourAccounts = sqliteTable(
  "hour_accounts",
  {
    id: id(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("hour_accounts_student_course_uq").on(t.studentId, t.courseId)],
);

/** purchase: paid hours with a value; gift: free hours; overdraft: the account's owed hours (negative). */
export const LOT_KINDS = ["purchase", "gift", "overdraft"] as const;
export type LotKind = (typeof LOT_KINDS)[number];

export const hourLots = sqliteTable(
  "hour_lots",
  {
    id: id(),
    accountId: integer("account_id")
      .notNull()
      .references(() => hourAccounts.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    kind: text("kind", { enum: LOT_KINDS }).notNull(),
    orderItemId: integer("order_item_id").references(() => orderItems.id),
    /** Set when the lot was created by a transfer in: the lot the hours came from. */
    sourceLotId: integer("source_lot_id"),
    /** Hours and value credited into the lot over its life (hundredths, fen). */
    creditedHours: integer("credited_hours").notNull().default(0),
    creditedFen: integer("credited_fen").notNull().default(0),
    /** Cached balances: always the sum of the lot's ledger entries. */
    remainingHours: integer("remaining_hours").notNull().default(0),
    remainingFen: integer("remaining_fen").notNull().default(0),
    expiresAt: epochMs("expires_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("hour_lots_account_idx").on(t.accountId),
    index("hour_lots_order_item_idx").on(t.orderItemId),
    index("hour_lots_expiry_idx").on(t.expiresAt),
    index("hour_lots_student_idx").on(t.studentId),
  ],
);

export const ACTOR_KINDS = ["staff", "token", "system", "platform"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const ledgerOps = sqliteTable(
  "ledger_ops",
  {
    id: id(),
    /** Idempotency key of the effect (e.g. `payment:12`, `attendance:5:3`): an effect happens once. */
    key: text("key"),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    accountId: integer("account_id")
      .notNull()
      .references(() => hourAccounts.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    /** Signed change of the account's hours (hundredths). */
    hours: integer("hours").notNull(),
    /** Signed change of the account's deferred value (fen). */
    fen: integer("fen").notNull(),
    /** Revenue recognized (确认收入) by this operation, fen; negative for a correction. */
    recognizedFen: integer("recognized_fen").notNull().default(0),
    reason: text("reason").notNull(),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label").notNull(),
    /** What caused it: `payment`, `order`, `attendance`, `ledger_op`, `manual`… and its id. */
    refType: text("ref_type").notNull(),
    refId: integer("ref_id"),
    /** For a correction: the operation it compensates (each operation is corrected at most once). */
    reversesOpId: integer("reverses_op_id"),
    at: epochMs("at").notNull(),
  },
  (t) => [
    uniqueIndex("ledger_ops_key_uq").on(t.key),
    uniqueIndex("ledger_ops_reverses_uq").on(t.reversesOpId),
    index("ledger_ops_account_idx").on(t.accountId, t.id),
    index("ledger_ops_student_idx").on(t.studentId),
  ],
);

export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: id(),
    opId: integer("op_id")
      .notNull()
      .references(() => ledgerOps.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => hourLots.id),
    accountId: integer("account_id").notNull(),
    studentId: integer("student_id").notNull(),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    hours: integer("hours").notNull(),
    fen: integer("fen").notNull(),
    recognizedFen: integer("recognized_fen").notNull().default(0),
    at: epochMs("at").notNull(),
  },
  (t) => [index("ledger_entries_op_idx").on(t.opId), index("ledger_entries_lot_idx").on(t.lotId)],
);

export type HourAccount = typeof hourAccounts.$inferSelect;
export type HourLot = typeof hourLots.$inferSelect;
export type LedgerOp = typeof ledgerOps.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
