// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import { and, desc, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import { ledgerOps } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage } from "../../core/page";
import { listAccountOpsSchema } from "./ledgerSchemas";
import { accountInScope } from "./accountInScope";

/** The account's operations, newest first. */
export function listAccountOps({ ctx, input }: { ctx: Ctx; input: z.input<typeof listAccountOpsSchema> }) {
  requirePermission(ctx.actor, "students.read");
  const q = parseInput(listAccountOpsSchema, input);
  accountInScope(ctx, q.accountId);
  const rows = ctx.db
    .select()
    .from(ledgerOps)
    .where(and(eq(ledgerOps.accountId, q.accountId), q.cursor ? lt(ledgerOps.id, q.cursor) : undefined))
    .orderBy(desc(ledgerOps.id))
    .limit(q.limit + 1)
    .all();
  return toPage(rows, q.limit);
}
