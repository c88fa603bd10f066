// The admin's (管理员) home blocks: platform messages given up after their retries (dead letters, to fix
// and retry), active staff who have no WeCom or DingTalk account yet (they receive no cards), and
// DingTalk's monthly API quota once it is 80% used (what waits, when it resets), and DingTalk card
// clicks refused for their shape in the last week (a template button built wrong).
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { staff } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { countOutboxMessages, quotaStatus, refusedClicksSince, type QuotaStatus, type RefusedClickSummary } from "../../outbox/messages";
import { HOME_ROWS, type HomeList } from "./homeList";

export function deadLettersBlock(ctx: Ctx): { total: number } {
  return { total: countOutboxMessages(ctx, "dead") };
}

export type StaffWithoutAccount = { staffId: number; name: string; mobile: string | null };

export function staffWithoutAccountBlock(ctx: Ctx): HomeList<StaffWithoutAccount> {
  const where = and(eq(staff.status, "active"), isNull(staff.wecomUserId), isNull(staff.dingtalkUserId));
  const items = ctx.db
    .select({ staffId: staff.id, name: staff.name, mobile: staff.mobile })
    .from(staff)
    .where(where)
    .orderBy(asc(staff.id))
    .limit(HOME_ROWS)
    .all();
  const total = items.length < HOME_ROWS ? items.length : (ctx.db.select({ n: count() }).from(staff).where(where).get()?.n ?? 0);
  return { total, items };
}

/**
 * DingTalk's monthly API quota when it needs the admin's eye (80% used or spent; null otherwise): used,
 * budget, and the business date it resets on. Below 80% the block stays away: nothing to do.
 */
export function platformQuotaBlock(ctx: Ctx): (QuotaStatus & { share: number }) | null {
  const status = quotaStatus(ctx, "dingtalk");
  if (status.budget === null && !status.spent) return null;
  const share = status.budget === null || status.budget === 0 ? 1 : status.used / status.budget;
  if (share < 0.8 && !status.spent) return null;
  return { ...status, share: Math.min(1, share) };
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** DingTalk card clicks refused for their shape in the last 7 days (null: none, the block stays away). */
export function refusedClicksBlock(ctx: Ctx): RefusedClickSummary | null {
  return refusedClicksSince(ctx, ctx.clock.now() - WEEK_MS);
}
