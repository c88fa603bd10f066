// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { ledgerOps, type LedgerOp } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { correctOpSchema } from "./ledgerSchemas";
import { reverseOp } from "./reverseOp";
import { accountInScope } from "./accountInScope";

export function correctOp({ ctx, input }: { ctx: Ctx; input: z.input<typeof correctOpSchema> }): LedgerOp {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(correctOpSchema, input);
  return inTransaction(ctx, (ctx) => {
    const op = ctx.db.select().from(ledgerOps).where(eq(ledgerOps.id, data.opId)).get();
    if (!op) throw notFound("课时流水");
    accountInScope(ctx, op.accountId);
    return reverseOp(ctx, { opId: data.opId, reason: data.reason });
  });
}
