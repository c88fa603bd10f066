// The only writer of the ledger: appends one operation and its per-lot entries and moves the lots'
// cached balances by exactly the entries' amounts, in the caller's transaction. A keyed operation
// happens once: appending a key that exists returns the existing operation and changes nothing.
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { prepared } from "../../db/prepared";
import { hourLots, ledgerEntries, ledgerOps, type HourAccount, type LedgerKind, type LedgerOp } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, type Ctx } from "../../core/context";

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
  return prepared(ctx.db, "ledger.findOpByKey", (db) =>
    db.select().from(ledgerOps).where(eq(ledgerOps.key, sql.placeholder("key"))).prepare(),
  ).get({ key });
}

const p = <N extends string>(name: N) => sql.placeholder(name);

const insertOp = (db: DbOrTx) =>
  prepared(db, "ledger.insertOp", (db) =>
    db
      .insert(ledgerOps)
      .values({
        key: p("key"),
        kind: p("kind"),
        accountId: p("accountId"),
        studentId: p("studentId"),
        courseId: p("courseId"),
        hours: p("hours"),
        fen: p("fen"),
        recognizedFen: p("recognizedFen"),
        reason: p("reason"),
        actorKind: p("actorKind"),
        actorId: p("actorId"),
        actorLabel: p("actorLabel"),
        refType: p("refType"),
        refId: p("refId"),
        reversesOpId: p("reversesOpId"),
        at: p("at"),
      })
      .returning()
      .prepare(),
  );

const insertEntry = (db: DbOrTx) =>
  prepared(db, "ledger.insertEntry", (db) =>
    db
      .insert(ledgerEntries)
      .values({
        opId: p("opId"),
        lotId: p("lotId"),
        accountId: p("accountId"),
        studentId: p("studentId"),
        kind: p("kind"),
        hours: p("hours"),
        fen: p("fen"),
        recognizedFen: p("recognizedFen"),
        at: p("at"),
      })
      .prepare(),
  );

/** Moves a lot's balance by an entry (and, for a credit, what was credited into it over its life). */
const moveLot = (db: DbOrTx, credit: boolean) =>
  prepared(db, credit ? "ledger.creditLot" : "ledger.moveLot", (db) =>
    db
      .update(hourLots)
      .set({
        remainingHours: sql`${hourLots.remainingHours} + ${p("hours")}`,
        remainingFen: sql`${hourLots.remainingFen} + ${p("fen")}`,
        ...(credit
          ? { creditedHours: sql`${hourLots.creditedHours} + ${p("hours")}`, creditedFen: sql`${hourLots.creditedFen} + ${p("fen")}` }
          : {}),
      })
      .where(eq(hourLots.id, p("lotId")))
      .prepare(),
  );

export function appendOp(ctx: Ctx, input: OpInput): LedgerOp {
  if (input.key) {
    const existing = findOpByKey(ctx, input.key);
    if (existing) return existing;
  }
  const at = ctx.clock.now();
  const sum = (f: (l: Line) => number) => input.lines.reduce((s, l) => s + f(l), 0);
  const op = insertOp(ctx.db).get({
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
  });
  const credit = CREDIT_KINDS.includes(input.kind);
  for (const line of input.lines) {
    insertEntry(ctx.db).run({
      opId: op.id,
      lotId: line.lotId,
      accountId: input.account.id,
      studentId: input.account.studentId,
      kind: input.kind,
      hours: line.hours,
      fen: line.fen,
      recognizedFen: line.recognizedFen,
      at,
    });
    moveLot(ctx.db, credit).run({ hours: line.hours, fen: line.fen, lotId: line.lotId });
  }
  recordAudit(ctx, {
    action: `ledger.${input.kind}`,
    entityType: "ledger_op",
    entityId: op.id,
    details: { studentId: op.studentId, courseId: op.courseId, hours: op.hours, fen: op.fen, reason: op.reason },
  });
  return op;
}
