// A correction (冲正) of a deduction: a compensating operation that puts the same hours and value back
// into the same lots and un-recognizes the revenue. The original row stays; each operation can be
// corrected once.
import { eq } from "drizzle-orm";
import { ledgerEntries, ledgerOps, type LedgerOp } from "../../db/schema";
import { conflict, notFound, preconditionFailed } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { appendOp, findOpByKey } from "./appendOp";
import { getAccount } from "./hourAccounts";

const CORRECTABLE = ["attendance", "absence"] as const;

export function reverseOp(ctx: Ctx, input: { opId: number; reason: string; key?: string | null }): LedgerOp {
  if (input.key) {
    const existing = findOpByKey(ctx, input.key);
    if (existing) return existing;
  }
  const original = ctx.db.select().from(ledgerOps).where(eq(ledgerOps.id, input.opId)).get();
  if (!original) throw notFound("课时流水");
  if (!(CORRECTABLE as readonly string[]).includes(original.kind)) {
    throw preconditionFailed("只有扣课（到课、缺勤扣课）可以冲正");
  }
  const already = ctx.db.select().from(ledgerOps).where(eq(ledgerOps.reversesOpId, original.id)).get();
  if (already) throw conflict("这条扣课已经冲正过", { correctionOpId: already.id });
  const entries = ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.opId, original.id)).all();
  return appendOp(ctx, {
    key: input.key ?? null,
    kind: "correction",
    account: getAccount(ctx.db, original.accountId),
    reason: input.reason,
    refType: "ledger_op",
    refId: original.id,
    reversesOpId: original.id,
    lines: entries.map((e) => ({ lotId: e.lotId, hours: -e.hours, fen: -e.fen, recognizedFen: -e.recognizedFen })),
  });
}
