// When hours arrive in an account that owes hours (overdraft), the owed hours are paid back at once
// from the lots now available, recognizing their revenue. The account's hour total does not change.
import { and, eq, lt } from "drizzle-orm";
import { hourLots, type HourAccount, type LedgerOp } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { appendOp, type Line } from "./appendOp";
import { drawLots } from "./drawLots";
import { lotsOf } from "./hourAccounts";

export function settleOverdraft(ctx: Ctx, account: HourAccount, cause: LedgerOp): LedgerOp | undefined {
  const owed = ctx.db
    .select()
    .from(hourLots)
    .where(and(eq(hourLots.accountId, account.id), eq(hourLots.kind, "overdraft"), lt(hourLots.remainingHours, 0)))
    .get();
  if (!owed) return undefined;
  const sources = lotsOf(ctx.db, account.id).filter((l) => l.kind !== "overdraft");
  const { portions } = drawLots(sources, -owed.remainingHours, ctx.clock.now());
  if (portions.length === 0) return undefined;
  const lines: Line[] = portions.map((p) => ({ lotId: p.lot.id, hours: -p.hours, fen: -p.fen, recognizedFen: p.fen }));
  const settled = portions.reduce((s, p) => s + p.hours, 0);
  lines.push({ lotId: owed.id, hours: settled, fen: 0, recognizedFen: 0 });
  return appendOp(ctx, {
    key: `settle:${cause.id}`,
    kind: "settle",
    account,
    reason: "结清欠课时",
    refType: "ledger_op",
    refId: cause.id,
    lines,
  });
}
