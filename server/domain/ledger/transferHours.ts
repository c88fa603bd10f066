// Moves hours (and the value still deferred on them) from one account to another: to another course of
// the same student (转课) or to another student (转让). Each source lot's portion becomes a new lot on
// the target with the same kind and expiry, so draw order and revenue price carry over.
import { eq } from "drizzle-orm";
import { courses, type LedgerOp } from "../../db/schema";
import { notFound, preconditionFailed, validationError } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { appendOp, findOpByKey } from "./appendOp";
import { newLot } from "./creditHours";
import { drawLots } from "./drawLots";
import { getOrCreateAccount, lotsOf } from "./hourAccounts";
import { settleOverdraft } from "./settleOverdraft";
import { formatHours } from "../../../shared/money";

export type TransferInput = {
  fromStudentId: number;
  fromCourseId: number;
  toStudentId: number;
  toCourseId: number;
  hours: number;
  reason: string;
  key: string;
};

export function transferHours(ctx: Ctx, input: TransferInput): { out: LedgerOp; in: LedgerOp } {
  const outKey = `${input.key}:out`;
  const inKey = `${input.key}:in`;
  const doneOut = findOpByKey(ctx, outKey);
  const doneIn = findOpByKey(ctx, inKey);
  if (doneOut && doneIn) return { out: doneOut, in: doneIn };
  if (input.fromStudentId === input.toStudentId && input.fromCourseId === input.toCourseId) {
    throw validationError([{ path: "toCourseId", message: "转入账户不能与转出账户相同" }]);
  }
  if (!ctx.db.select().from(courses).where(eq(courses.id, input.toCourseId)).get()) throw notFound("课程");
  const now = ctx.clock.now();
  const from = getOrCreateAccount(ctx.db, input.fromStudentId, input.fromCourseId, now);
  const to = getOrCreateAccount(ctx.db, input.toStudentId, input.toCourseId, now);
  const sources = lotsOf(ctx.db, from.id).filter((l) => l.kind !== "overdraft");
  const { portions, shortfall } = drawLots(sources, input.hours, now);
  if (shortfall > 0) {
    throw preconditionFailed(`可转课时不足：需转 ${formatHours(input.hours)}，可用 ${formatHours(input.hours - shortfall)}`);
  }
  const out = appendOp(ctx, {
    key: outKey,
    kind: "transfer_out",
    account: from,
    reason: input.reason,
    refType: "hour_account",
    refId: to.id,
    lines: portions.map((p) => ({ lotId: p.lot.id, hours: -p.hours, fen: -p.fen, recognizedFen: 0 })),
  });
  const targets = portions.map((p) => ({
    portion: p,
    lot: newLot(ctx, to, p.lot.kind === "gift" ? "gift" : "purchase", p.lot.expiresAt, null, p.lot.id),
  }));
  const inOp = appendOp(ctx, {
    key: inKey,
    kind: "transfer_in",
    account: to,
    reason: input.reason,
    refType: "ledger_op",
    refId: out.id,
    lines: targets.map((t) => ({ lotId: t.lot.id, hours: t.portion.hours, fen: t.portion.fen, recognizedFen: 0 })),
  });
  settleOverdraft(ctx, to, inOp);
  return { out, in: inOp };
}
