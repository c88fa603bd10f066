// Durable platform work. A domain change writes its cards, todos and outbox rows in the same
// transaction; the dispatcher delivers the rows after commit, with retries, rate limits and a dead
// letter. Cards are neutral (one row per business card) and delivered per recipient, so each person's
// copy has its own platform id, response code and rate-limit budget.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { epochMs, id, timestamps } from "./columns";
import { staff } from "./staff";
import { PLATFORM_NAMES } from "../../../shared/platformNames";


/** A card as the domain describes it: `model` is the current CardModel JSON; `version` bumps on each change. */
export const cards = sqliteTable(
  "cards",
  {
    id: id(),
    kind: text("kind").notNull(),
    /** What the card is about, e.g. ("approval_task", "42"). */
    refType: text("ref_type").notNull(),
    refId: text("ref_id").notNull(),
    model: text("model", { mode: "json" }).notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps(),
  },
  (t) => [index("cards_ref_idx").on(t.refType, t.refId)],
);

export const CARD_DELIVERY_STATUSES = ["pending", "sent", "no_account", "failed"] as const;
export type CardDeliveryStatus = (typeof CARD_DELIVERY_STATUSES)[number];

/** One recipient's copy of a card on one platform. `taskId` is what the platform knows it by. */
export const cardDeliveries = sqliteTable(
  "card_deliveries",
  {
    id: id(),
    cardId: integer("card_id")
      .notNull()
      .references(() => cards.id),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    /** Chosen when the card is first delivered (the platform the person is on). */
    platform: text("platform", { enum: PLATFORM_NAMES }),
    platformUserId: text("platform_user_id"),
    /** WeCom task_id / DingTalk outTrackId of this copy; unique, echoed by every click. */
    taskId: text("task_id").notNull(),
    status: text("status", { enum: CARD_DELIVERY_STATUSES }).notNull().default("pending"),
    /** The card version this copy last showed (updates older than this are skipped). */
    shownVersion: integer("shown_version").notNull().default(0),
    /** WeCom: the newest unused response code (from the send or a click), valid 72 h. */
    responseCode: text("response_code"),
    responseCodeAt: epochMs("response_code_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("card_deliveries_task_uq").on(t.taskId),
    uniqueIndex("card_deliveries_card_staff_uq").on(t.cardId, t.staffId),
  ],
);

export const TODO_STATUSES = ["open", "done", "deleted"] as const;
export type TodoStatus = (typeof TODO_STATUSES)[number];

/**
 * A todo (待办) for one staff member. It always has a card (its delivery carries the buttons); on a
 * platform with a todo API (DingTalk) it is also created there, and `platformTodoId` keeps its id.
 */
export const todos = sqliteTable(
  "todos",
  {
    id: id(),
    kind: text("kind").notNull(),
    refType: text("ref_type").notNull(),
    refId: text("ref_id").notNull(),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    cardId: integer("card_id")
      .notNull()
      .references(() => cards.id),
    subject: text("subject").notNull(),
    detailUrl: text("detail_url").notNull(),
    dueAt: epochMs("due_at"),
    status: text("status", { enum: TODO_STATUSES }).notNull().default("open"),
    platform: text("platform", { enum: PLATFORM_NAMES }),
    platformTodoId: text("platform_todo_id"),
    /** The executor as the platform knows them (DingTalk unionId), kept for complete/delete. */
    platformExecutor: text("platform_executor"),
    ...timestamps(),
  },
  (t) => [index("todos_staff_idx").on(t.staffId, t.status), index("todos_ref_idx").on(t.refType, t.refId)],
);

export const OUTBOX_KINDS = ["card.send", "card.update", "todo.create", "todo.complete", "todo.delete"] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const OUTBOX_STATUSES = ["pending", "sending", "done", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One unit of platform work. `dedupeKey` makes enqueueing idempotent; rows sharing an `orderingKey`
 * are delivered in id order (a card's update never overtakes its send). `sending` rows found at
 * start-up were interrupted and go back to `pending`.
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: id(),
    kind: text("kind", { enum: OUTBOX_KINDS }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    orderingKey: text("ordering_key").notNull(),
    /** `{ deliveryId }` for card rows, `{ todoId }` for todo rows. */
    payload: text("payload", { mode: "json" }).notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    /** Set while a dispatcher holds the row; a stale claim is taken back. */
    claimedAt: epochMs("claimed_at"),
    lastError: text("last_error"),
    lastErrorCode: text("last_error_code"),
    /** Why a done row did nothing, e.g. "no_account", "superseded". */
    outcome: text("outcome"),
    deliveredAt: epochMs("delivered_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_uq").on(t.dedupeKey),
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_ordering_idx").on(t.orderingKey, t.id),
  ],
);

export const INBOUND_STATUSES = ["received", "processed", "ignored", "failed"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/**
 * Every platform callback, recorded by its platform event key before anything acts on it: a retried
 * or replayed callback finds its row and does nothing again.
 */
export const inboundEvents = sqliteTable(
  "inbound_events",
  {
    id: id(),
    platform: text("platform", { enum: PLATFORM_NAMES }).notNull(),
    eventKey: text("event_key").notNull(),
    kind: text("kind").notNull(),
    /** The neutral event JSON. */
    event: text("event", { mode: "json" }).notNull(),
    status: text("status", { enum: INBOUND_STATUSES }).notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    /** What processing concluded (e.g. "已同意", "not the approver"), for the log and support. */
    outcome: text("outcome"),
    receivedAt: epochMs("received_at").notNull(),
    processedAt: epochMs("processed_at"),
  },
  (t) => [
    uniqueIndex("inbound_events_key_uq").on(t.platform, t.eventKey),
    index("inbound_events_status_idx").on(t.status, t.receivedAt),
  ],
);

export type CardRecord = typeof cards.$inferSelect;
export type CardDeliveryRow = typeof cardDeliveries.$inferSelect;
export type TodoRow = typeof todos.$inferSelect;
export type OutboxRow = typeof outboxMessages.$inferSelect;
export type InboundEventRow = typeof inboundEvents.$inferSelect;
