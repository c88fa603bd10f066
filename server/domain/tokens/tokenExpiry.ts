// When a new API token stops working. A token expires (90 days unless asked otherwise) so that a
// forgotten integration does not hold access for ever; "never" must be asked for explicitly, only an
// admin may ask, and a token created with another token never outlives it, so a leaked token cannot
// mint itself a longer-lived successor.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "../../db/schema";
import { forbidden, validationError } from "../../core/errors";
import { businessDate, clockTime } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { isAdmin } from "../../../shared/permissions";

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 730;
const DAY_MS = 24 * 3600 * 1000;

/** Days from now until the token expires; `null` asks for a token that never expires. */
export const expiresInDaysSchema = z
  .number()
  .int("有效天数应为整数")
  .min(1, "有效天数至少 1 天")
  .max(MAX_TOKEN_DAYS, `有效天数最多 ${MAX_TOKEN_DAYS} 天；需要永久有效请传 null（仅管理员）`)
  .nullable()
  .default(DEFAULT_TOKEN_DAYS);

/** When the acting token itself expires (null: never); undefined when the actor is not an API token. */
function creatorExpiry(ctx: Ctx): number | null | undefined {
  if (ctx.actor.kind !== "token" || ctx.actor.tokenId === null) return undefined;
  return ctx.db.select({ expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.id, ctx.actor.tokenId)).get()?.expiresAt ?? null;
}

/** The expiry instant of a token created now for `days` (null: never), checked against the creator. */
export function tokenExpiresAt(ctx: Ctx, days: number | null): number | null {
  if (days === null && !isAdmin(ctx.actor)) throw forbidden("只有管理员可以创建永不过期的令牌");
  const expiresAt = days === null ? null : ctx.clock.now() + days * DAY_MS;
  const limit = creatorExpiry(ctx);
  if (limit === undefined || limit === null) return expiresAt;
  if (expiresAt === null || expiresAt > limit) {
    const until = `${businessDate(limit, ctx.tz)} ${clockTime(limit, ctx.tz)}`;
    throw validationError([{ path: "expiresInDays", message: `用令牌创建的令牌不能比它更晚过期（当前令牌 ${until} 过期）` }]);
  }
  return expiresAt;
}
