// Takes every remaining hour out of the given lots for a refund and returns the value removed, which
// is the money owed back. Gift hours leave at zero value. One operation per account touched.
import { inArray } from "drizzle-orm";
import { hourLots, type HourLot } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { appendOp } from "./appendOp";
import { getAccount } from "./hourAccounts";

export function refundLots(
  ctx: Ctx,
  input: { lotIds: number[]; key: string; reason: string; refType: string; refId: number },
): { hours: number; fen: number } {
  if (input.lotIds.length === 0) return { hours: 0, fen: 0 };
  const lots = ctx.db
    .select()
    .from(hourLots)
    .where(inArray(hourLots.id, input.lotIds))
    .all()
    .filter((l) => l.remainingHours > 0 || l.remainingFen > 0);
  const byAccount = new Map<number, HourLot[]>();
  for (const lot of lots) byAccount.set(lot.accountId, [...(byAccount.get(lot.accountId) ?? []), lot]);
  let hours = 0;
  let fen = 0;
  for (const [accountId, accountLots] of byAccount) {
    appendOp(ctx, {
      key: `${input.key}:${accountId}`,
      kind: "refund",
      account: getAccount(ctx.db, accountId),
      reason: input.reason,
      refType: input.refType,
      refId: input.refId,
      lines: accountLots.map((l) => ({ lotId: l.id, hours: -l.remainingHours, fen: -l.remainingFen, recognizedFen: 0 })),
    });
    hours += accountLots.reduce((s, l) => s + l.remainingHours, 0);
    fen += accountLots.reduce((s, l) => s + l.remainingFen, 0);
  }
  return { hours, fen };
}
