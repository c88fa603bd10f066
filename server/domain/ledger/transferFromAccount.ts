// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { transferFromAccountSchema } from "./ledgerSchemas";
import { transferHours } from "./transferHours";
import { accountInScope } from "./accountInScope";

export function transferFromAccount({ ctx, input }: { ctx: Ctx; input: z.input<typeof transferFromAccountSchema> }) {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(transferFromAccountSchema, input);
  return inTransaction(ctx, (ctx) => {
    const account = accountInScope(ctx, data.accountId);
    getStudentInScope(ctx, data.toStudentId);
    return transferHours(ctx, {
      fromStudentId: account.studentId,
      fromCourseId: account.courseId,
      toStudentId: data.toStudentId,
      toCourseId: data.toCourseId,
      hours: data.hours,
      reason: data.reason,
      key: `transfer:${data.idempotencyKey ?? randomUUID()}`,
    });
  });
}
