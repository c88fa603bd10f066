// Credits hours into an account: purchased hours (with the money paid for them) into the order item's
// lot, or gift hours (worth nothing) into a new lot. Owed overdraft hours are settled right after.
import { and, eq } from "drizzle-orm";
import { hourLots, type HourAccount, type HourLot, type LedgerOp } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { appendOp, findOpByKey } from "./appendOp";
import { getOrCreateAccount } from "./hourAccounts";
import { settleOverdraft } from "./settleOverdraft";

type CreditCommon = {
  studentId: number;
  courseId: number;
  hours: number;
  key: string;
  reason: string;
  refType: string;
  refId?: number | null;
  /** Instant the hours stop being usable; null = never. */
  expiresAt: number | null;
};

/** Adds paid hours and their value to the purchase lot of an order item (one lot per item). */
export function creditPurchase(ctx: Ctx, input: CreditCommon & { orderItemId: number; fen: number }): LedgerOp {
  const existing = findOpByKey(ctx, input.key);
  if (existing) return existing;
  const now = ctx.clock.now();
  const account = getOrCreateAccount(ctx.db, input.studentId, input.courseId, now);
  const lot =
    ctx.db
      .select()
      .from(hourLots)
      .where(and(eq(hourLots.orderItemId, input.orderItemId), eq(hourLots.kind, "purchase")))
      .get() ?? newLot(ctx, account, "purchase", input.expiresAt, input.orderItemId);
  const op = appendOp(ctx, {
    ...input,
    kind: "purchase",
    account,
    lines: [{ lotId: lot.id, hours: input.hours, fen: input.fen, recognizedFen: 0 }],
  });
  settleOverdraft(ctx, account, op);
  return op;
}

/** Adds gift hours in a lot of their own (they recognize no revenue, ever). */
export function creditGift(ctx: Ctx, input: CreditCommon & { orderItemId?: number | null }): LedgerOp {
  const existing = findOpByKey(ctx, input.key);
  if (existing) return existing;
  const account = getOrCreateAccount(ctx.db, input.studentId, input.courseId, ctx.clock.now());
  const lot = newLot(ctx, account, "gift", input.expiresAt, input.orderItemId ?? null);
  const op = appendOp(ctx, {
    ...input,
    kind: "gift",
    account,
    lines: [{ lotId: lot.id, hours: input.hours, fen: 0, recognizedFen: 0 }],
  });
  settleOverdraft(ctx, account, op);
  return op;
}

export function newLot(
  ctx: Ctx,
  account: HourAccount,
  kind: "purchase" | "gift",
  expiresAt: number | null,
  orderItemId: number | null,
  sourceLotId: number | null = null,
): HourLot {
  return ctx.db
    .insert(hourLots)
    .values({
      accountId: account.id,
      studentId: account.studentId,
      kind,
      orderItemId,
      sourceLotId,
      expiresAt,
      createdAt: ctx.clock.now(),
    })
    .returning()
    .get();
}
