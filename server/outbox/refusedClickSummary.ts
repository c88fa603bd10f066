// How many DingTalk card clicks were refused for their shape lately, and what the newest said: the
// admin's 工作台 shows it, because a template button built wrong makes every click on it arrive
// without a decision (cards/README.md has the fix; the test card checks it). The clicks are kept in
// the inbound log (inbound/refusedClicks.ts lists them one by one).
import { and, count, desc, eq, gte, sql } from "drizzle-orm";
import type { Ctx } from "../core/context";
import { inboundEvents } from "../db/schema";
import { CARD_CLICK_REFUSED, type CardClickRefusal } from "../../shared/cardClickRefusal";

export type RefusedClickSummary = { total: number; latest: { detail: string; receivedAt: number } };

/** Refused clicks received since `since` (epoch ms), or null when there were none. */
export function refusedClicksSince(ctx: Pick<Ctx, "db">, since: number): RefusedClickSummary | null {
  const where = and(
    eq(inboundEvents.kind, "other"),
    gte(inboundEvents.receivedAt, since),
    sql`json_extract(${inboundEvents.event}, '$.type') = ${CARD_CLICK_REFUSED}`,
  );
  const latest = ctx.db.select({ event: inboundEvents.event, receivedAt: inboundEvents.receivedAt }).from(inboundEvents).where(where).orderBy(desc(inboundEvents.id)).limit(1).get();
  if (!latest) return null;
  const total = ctx.db.select({ n: count() }).from(inboundEvents).where(where).get()?.n ?? 0;
  const refusal = (latest.event as { payload?: Partial<CardClickRefusal> }).payload;
  return { total, latest: { detail: refusal?.detail ?? "点击内容无法识别", receivedAt: latest.receivedAt } };
}
