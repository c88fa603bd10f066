// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import type { z } from "zod";
import type { LedgerOp } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { consumeHours } from "./consumeHours";
import { consumeManuallySchema } from "./ledgerSchemas";
import { accountInScope } from "./accountInScope";

export function consumeManually({ ctx, input }: { ctx: Ctx; input: z.input<typeof consumeManuallySchema> }): LedgerOp {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(consumeManuallySchema, input);
  return inTransaction(ctx, (ctx) => {
    const account = accountInScope(ctx, data.accountId);
    return consumeHours(ctx, {
      studentId: account.studentId,
      courseId: account.courseId,
      hours: data.hours,
      kind: data.kind,
      key: data.idempotencyKey ? `manual:${data.idempotencyKey}` : null,
      reason: data.reason,
      refType: "manual",
    });
  });
}
