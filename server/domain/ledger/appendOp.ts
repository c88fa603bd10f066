// The only writer of the ledger: appends one operation and its per-lot entries and moves the lots'
// cached balances by exactly the entries' amounts, in the caller's transaction. A keyed operation
// happens once: appending a key that exists returns the existing operation and changes nothing.
import { eq, sql } from "drizzle-orm";
import { hourLots, ledgerEntries, ledgerOps, type HourAccount, type LedgerKind, type LedgerOp } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, type Ctx } from "../context";

/** One lot's share of an operation: signed hours and value, and the revenue it recognizes. */
export type Line = { lotId: number; hours: number; fen: number; recognizedFen: number };

export type OpInput = {
  key?: string | null;
  kind: LedgerKind;
  account: HourAccount;
  reason: string;
  refType: string;
  refId?: number | null;
  reversesOpId?: number | null;
  lines: Line[];
};

const CREDIT_KINDS: readonly LedgerKind[] = ["purchase", "gift", "transfer_in"];

export function findOpByKey(ctx: Ctx, key: string): LedgerOp | undefined {
  return ctx.db.select().from(ledgerOps).where(eq(ledgerOps.key, key)).get();
}

export function appendOp(ctx: Ctx, input: OpInput): LedgerOp {
  if (input.key) {
    const existing = findOpByKey(ctx, input.key);
    if (existing) return existing;
  }
  const at = ctx.clock.now();
  const sum = (f: (l: Line) => number) => input.lines.reduce((s, l) => s + f(l), 0);
  const op = ctx.db
    .insert(ledgerOps)
    .values({
      key: input.key ?? null,
      kind: input.kind,
      accountId: input.account.id,
      studentId: input.account.studentId,
      courseId: input.account.courseId,
      hours: sum((l) => l.hours),
      fen: sum((l) => l.fen),
      recognizedFen: sum((l) => l.recognizedFen),
      reason: input.reason,
      ...actorColumns(ctx.actor),
      refType: input.refType,
      refId: input.refId ?? null,
      reversesOpId: input.reversesOpId ?? null,
      at,
    })
    .returning()
    .get();
  const credit = CREDIT_KINDS.includes(input.kind);
  for (const line of input.lines) {
    ctx.db
      .insert(ledgerEntries)
      .values({
        opId: op.id,
        lotId: line.lotId,
        accountId: input.account.id,
        studentId: input.account.studentId,
        kind: input.kind,
        hours: line.hours,
        fen: line.fen,
        recognizedFen: line.recognizedFen,
        at,
      })
      .run();
    ctx.db
      .update(hourLots)
      .set({
        remainingHours: sql`${hourLots.remainingHours} + ${line.hours}`,
        remainingFen: sql`${hourLots.remainingFen} + ${line.fen}`,
        ...(credit
          ? {
              creditedHours: sql`${hourLots.creditedHours} + ${line.hours}`,
              creditedFen: sql`${hourLots.creditedFen} + ${line.fen}`,
            }
          : {}),
      })
      .where(eq(hourLots.id, line.lotId))
      .run();
  }
  recordAudit(ctx, {
    action: `ledger.${input.kind}`,
    entityType: "ledger_op",
    entityId: op.id,
    details: { studentId: op.studentId, courseId: op.courseId, hours: op.hours, fen: op.fen, reason: op.reason },
  });
  return op;
}
