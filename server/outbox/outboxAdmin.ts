// The outbox as an admin sees it: what is queued, what was given up (dead letters) and why, and the
// one repair there is: retry a dead row once its cause is fixed (a person added to the app, a
// permission granted). A retried row starts over with a full set of attempts; its last error stays
// visible until it is delivered.
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { OUTBOX_STATUSES, outboxMessages, type OutboxRow, type OutboxStatus } from "../db/schema";
import { requirePermission } from "../domain/access/permissions";
import { recordAudit } from "../domain/audit/recordAudit";
import { inTransaction, type Ctx } from "../core/context";
import { idSchema, parseInput } from "../core/input";
import { toPage, type Page } from "../core/page";
import { conflict, notFound } from "../core/errors";

/** How each status reads to people (answers and messages). */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: "待发送",
  sending: "发送中",
  done: "已完成",
  dead: "已放弃",
};

export const outboxListSchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Keyset paging: the last id of the previous page (newest first). */
  before: z.coerce.number().int().positive().optional(),
});

export const outboxRetrySchema = z.object({ id: idSchema });

/** Outbox rows, newest first, optionally of one status (`dead` for the dead letters). */
export function listOutbox({ ctx, input }: { ctx: Ctx; input: z.input<typeof outboxListSchema> }): Page<OutboxRow> {
  requirePermission(ctx.actor, "outbox.manage");
  const q = parseInput(outboxListSchema, input);
  const where: SQL[] = [];
  if (q.status) where.push(eq(outboxMessages.status, q.status));
  if (q.before !== undefined) where.push(lt(outboxMessages.id, q.before));
  const rows = ctx.db
    .select()
    .from(outboxMessages)
    .where(and(...where))
    .orderBy(desc(outboxMessages.id))
    .limit(q.limit + 1)
    .all();
  return toPage(rows, q.limit);
}

/** Queues a dead row again now, with its attempts reset. Only dead rows: the others are on their way. */
export function retryOutbox({ ctx, input }: { ctx: Ctx; input: z.input<typeof outboxRetrySchema> }): OutboxRow {
  requirePermission(ctx.actor, "outbox.manage");
  const { id } = parseInput(outboxRetrySchema, input);
  return inTransaction(ctx, (tx) => {
    const row = tx.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get();
    if (!row) throw notFound("出站消息");
    if (row.status !== "dead") {
      throw conflict(`只有「已放弃」的消息可以重试，这条消息${OUTBOX_STATUS_LABELS[row.status]}`, { status: row.status });
    }
    const now = tx.clock.now();
    const retried = tx.db
      .update(outboxMessages)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedAt: null, updatedAt: now })
      .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "dead")))
      .returning()
      .get();
    if (!retried) throw conflict("这条消息刚被他人处理，请刷新后重试");
    recordAudit(tx, {
      action: "outbox.retry",
      entityType: "outbox_message",
      entityId: id,
      details: { kind: row.kind, attempts: row.attempts, lastErrorCode: row.lastErrorCode },
    });
    return retried;
  });
}
