// DingTalk's monthly API quota (docs/platforms/dingtalk.md): the standard edition allows about 5,000
// billable calls a month per organisation, counted by natural month; card create/update and todo
// create/update/delete are billable; past it every billable call fails (90020 /
// Forbidden.AccessDenied.ApiCountLimitForOrg) until the month turns. The outbox counts what it spends
// (platform_usage, bumped in the transaction that records the delivery) against the school's setting
// (institution_settings.dingtalk_monthly_calls; null: no count of our own) and spends it by priority:
//
// - below 90%: everything goes;
// - the last 10% (the reserve) is for approval cards and their todos only (and the quota notice to the
//   admins): an approver who cannot see a request holds up the school, a reminder can wait. Updates of
//   cards already sent are skipped there (done, outcome "quota_skipped"): the mini-app shows the truth,
//   and an approval card's buttons answer with its current state when clicked;
// - spent (our count, or the platform said so): nothing goes; rows wait, pending, for the first
//   instant of the next month in the business time zone — never dead, never dropped.
//
// At 80% the admins get one notice card a month (platform_usage.warned_at, set in the same transaction
// as the card, so a re-run never doubles it) and the 工作台 shows the usage (quotaStatus).
import { and, eq, sql } from "drizzle-orm";
import { dayjs } from "../core/clock";
import type { Ctx } from "../core/context";
import type { Db } from "../db/client";
import { institutionSettings, platformUsage, staff, staffRoles } from "../db/schema";
import { quotaNoticeCard } from "../../cards/quotaNoticeCard";
import { NOTICE_CARD_KIND } from "../../cards/noticeCard";
import type { PlatformName } from "../../shared/platformNames";
import { sendCard } from "./cardOutbox";

/**
 * What a call is worth when the budget runs low: `essential` (approval cards, their todos, the quota
 * notice) may spend the reserve; `normal` waits for the next month once in it; `refresh` (an update of
 * a card already sent) is skipped once in it.
 */
export type QuotaPriority = "essential" | "normal" | "refresh";

/** The standard edition's number, used until the settings row exists. */
export const DINGTALK_STANDARD_MONTHLY_CALLS = 5000;
/** The share of the budget kept for essential calls. */
export const QUOTA_RESERVE_SHARE = 0.1;
/** The share at which the admins are told. */
export const QUOTA_WARN_SHARE = 0.8;
/** The card refType of the notice (one card per platform and month). */
export const QUOTA_NOTICE_REF = "platform_quota";

/** The platforms with a monthly quota of billable calls (WeCom has none: its limits are per minute/hour/day). */
export function hasMonthlyQuota(platform: PlatformName): platform is "dingtalk" {
  return platform === "dingtalk";
}

/** "2026-12": the month of `now` in the business time zone. */
export function monthOf(now: number, tz: string): string {
  return dayjs(now).tz(tz).format("YYYY-MM");
}

/** The first instant of the month after `now`'s, in the business time zone: when the quota resets. */
export function nextMonthStart(now: number, tz: string): number {
  return dayjs(now).tz(tz).startOf("month").add(1, "month").valueOf();
}

/** The school's monthly budget for the platform; null: no limit kept here. */
export function monthlyBudget(db: Db, platform: PlatformName): number | null {
  if (!hasMonthlyQuota(platform)) return null;
  const row = db.select({ calls: institutionSettings.dingtalkMonthlyCalls }).from(institutionSettings).where(eq(institutionSettings.id, 1)).get();
  return row ? row.calls : DINGTALK_STANDARD_MONTHLY_CALLS;
}

function usageRow(db: Db, platform: PlatformName, month: string) {
  return db
    .select()
    .from(platformUsage)
    .where(and(eq(platformUsage.platform, platform), eq(platformUsage.month, month)))
    .get();
}

/** Spent: our count reached the budget, or (with no budget of ours) the platform said so. */
const isSpent = (used: number, budget: number | null, spentAt: number | null | undefined): boolean =>
  budget === null ? (spentAt ?? null) !== null : used >= budget;

/** What the quota allows for one call now: go, skip it (done, nothing sent), or wait until `until`. */
export type QuotaDecision = { kind: "go" } | { kind: "skip" } | { kind: "wait"; until: number };

/** `inFlight`: billable calls already started and not yet counted (they will spend the quota too). */
export function quotaDecision(db: Db, platform: PlatformName, priority: QuotaPriority, now: number, tz: string, inFlight = 0): QuotaDecision {
  if (!hasMonthlyQuota(platform)) return { kind: "go" };
  const usage = usageRow(db, platform, monthOf(now, tz));
  const budget = monthlyBudget(db, platform);
  const used = (usage?.calls ?? 0) + inFlight;
  // With no budget of ours, only the platform's own "spent" stops the calls.
  const spent = isSpent(used, budget, usage?.spentAt);
  if (budget === null && !spent) return { kind: "go" };
  const reserve = budget === null ? 0 : Math.ceil(budget * QUOTA_RESERVE_SHARE);
  const short = spent || (budget !== null && used >= budget - reserve);
  if (!short) return { kind: "go" };
  if (priority === "refresh") return { kind: "skip" };
  if (spent || priority === "normal") return { kind: "wait", until: nextMonthStart(now, tz) };
  return { kind: "go" };
}

/** Admins to tell (active, with the admin role). */
function adminIds(ctx: Ctx): number[] {
  return ctx.db
    .selectDistinct({ id: staff.id })
    .from(staff)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .where(and(eq(staffRoles.role, "admin"), eq(staff.status, "active")))
    .all()
    .map((s) => s.id);
}

/**
 * One billable call delivered: counted in this month's row, in the caller's transaction (the one that
 * marks the row done). Crossing 80% sends the admins the month's one notice card.
 */
export function countBillableCall(ctx: Ctx, platform: PlatformName, tz: string): void {
  if (!hasMonthlyQuota(platform)) return;
  const now = ctx.clock.now();
  const month = monthOf(now, tz);
  const row = ctx.db
    .insert(platformUsage)
    .values({ platform, month, calls: 1, updatedAt: now })
    .onConflictDoUpdate({ target: [platformUsage.platform, platformUsage.month], set: { calls: sql`${platformUsage.calls} + 1`, updatedAt: now } })
    .returning()
    .get();
  warnIfLow(ctx, platform, month, row.calls, row.warnedAt, tz);
}

/**
 * The platform answered "quota spent" (its count includes the org's other apps): our count is raised
 * to the budget, so the month counts as spent until it turns, or until the school raises the setting
 * after buying more (DingTalk applies a purchase at once).
 */
export function markQuotaSpent(ctx: Ctx, platform: PlatformName, tz: string): void {
  const now = ctx.clock.now();
  const month = monthOf(now, tz);
  const budget = monthlyBudget(ctx.db, platform) ?? 0;
  const row = ctx.db
    .insert(platformUsage)
    .values({ platform, month, calls: budget, spentAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [platformUsage.platform, platformUsage.month],
      set: { calls: sql`max(${platformUsage.calls}, ${budget})`, spentAt: now, updatedAt: now },
    })
    .returning()
    .get();
  warnIfLow(ctx, platform, month, Number.POSITIVE_INFINITY, row.warnedAt, tz);
}

function warnIfLow(ctx: Ctx, platform: PlatformName, month: string, used: number, warnedAt: number | null, tz: string): void {
  if (warnedAt !== null) return;
  const budget = monthlyBudget(ctx.db, platform);
  if (used !== Number.POSITIVE_INFINITY && (budget === null || used < budget * QUOTA_WARN_SHARE)) return;
  const now = ctx.clock.now();
  // Claimed first: only the transaction that sets it sends the card.
  const claimed = ctx.db
    .update(platformUsage)
    .set({ warnedAt: now })
    .where(and(eq(platformUsage.platform, platform), eq(platformUsage.month, month), sql`${platformUsage.warnedAt} is null`))
    .run().changes;
  if (claimed === 0) return;
  const admins = adminIds(ctx);
  if (admins.length === 0) return;
  sendCard(ctx, {
    kind: NOTICE_CARD_KIND,
    refType: QUOTA_NOTICE_REF,
    refId: `${platform}:${month}`,
    staffIds: admins,
    content: quotaNoticeCard({
      platformName: "钉钉",
      month,
      usedText: used === Number.POSITIVE_INFINITY ? "已用完" : `${used} 次`,
      budgetText: budget === null ? "不限" : `${budget} 次`,
      resetText: dayjs(nextMonthStart(now, tz)).tz(tz).format("M月D日"),
      spent: used === Number.POSITIVE_INFINITY,
      detailUrl: "/app/",
    }),
  });
}

/** The admin's view of a platform's month: used / budget, spent or not, when it resets (business date). */
export type QuotaStatus = { platform: PlatformName; month: string; used: number; budget: number | null; spent: boolean; warned: boolean; resetsOn: string };

export function quotaStatus(ctx: Pick<Ctx, "db" | "clock" | "tz">, platform: PlatformName): QuotaStatus {
  const now = ctx.clock.now();
  const month = monthOf(now, ctx.tz);
  const usage = usageRow(ctx.db, platform, month);
  const budget = monthlyBudget(ctx.db, platform);
  const used = usage?.calls ?? 0;
  return {
    platform,
    month,
    used,
    budget,
    spent: isSpent(used, budget, usage?.spentAt),
    warned: (usage?.warnedAt ?? null) !== null,
    resetsOn: dayjs(nextMonthStart(now, ctx.tz)).tz(ctx.tz).format("YYYY-MM-DD"),
  };
}
