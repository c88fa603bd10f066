// What the admin reads about DingTalk clicks refused for their shape (a template button built wrong:
// no params.key, unreadable content): the recorded rows, newest first. The inbound log is the record;
// nothing else is kept.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../core/context";
import { inboundEvents } from "../db/schema";
import { requirePermission } from "../domain/access/permissions";
import { CARD_CLICK_REFUSED, type CardClickRefusal } from "../../shared/cardClickRefusal";

export type RefusedClick = CardClickRefusal & { id: number; platform: string; receivedAt: number };

const isRefused = sql`json_extract(${inboundEvents.event}, '$.type') = ${CARD_CLICK_REFUSED}`;

/** The newest refused clicks (at most `limit`), for admins who may test the platform setup. */
export function listRefusedClicks(ctx: Ctx, limit = 50): RefusedClick[] {
  requirePermission(ctx.actor, "platform.test");
  return ctx.db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.kind, "other"), isRefused))
    .orderBy(desc(inboundEvents.id))
    .limit(limit)
    .all()
    .map((row) => ({ id: row.id, platform: row.platform, receivedAt: row.receivedAt, ...((row.event as { payload: CardClickRefusal }).payload) }));
}

/** The refused clicks that name one card copy (its DingTalk outTrackId), newest first. */
export function refusedClicksOn(ctx: Ctx, taskId: string): RefusedClick[] {
  return ctx.db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.kind, "other"), isRefused, sql`json_extract(${inboundEvents.event}, '$.payload.outTrackId') = ${taskId}`))
    .orderBy(desc(inboundEvents.id))
    .all()
    .map((row) => ({ id: row.id, platform: row.platform, receivedAt: row.receivedAt, ...((row.event as { payload: CardClickRefusal }).payload) }));
}
