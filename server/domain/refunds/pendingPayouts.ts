// Refunds approved but not yet paid out (待打款), for finance's home page: the caller's students only.
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { approvalInstances, students } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { studentScopeCondition } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { REFUND_TYPE, type RefundFields } from "./refundRequestType";

export const pendingPayoutsSchema = z.object({ limit: z.number().int().min(1).max(100).default(20) });

export type PendingPayout = { instanceId: number; studentId: number; studentName: string; amountFen: number; approvedAt: number };

/** The approved refunds still 待打款, oldest approval first (the longest waiting on top). */
export function listPendingPayouts({ ctx, input }: { ctx: Ctx; input: z.input<typeof pendingPayoutsSchema> }): { items: PendingPayout[] } {
  requirePermission(ctx.actor, "refunds.execute");
  const { limit } = parseInput(pendingPayoutsSchema, input);
  const scope = studentScopeCondition(ctx.actor);
  const rows = ctx.db
    .select({ id: approvalInstances.id, studentId: students.id, studentName: students.name, fields: approvalInstances.fields, decidedAt: approvalInstances.decidedAt })
    .from(approvalInstances)
    .innerJoin(students, eq(students.id, approvalInstances.studentId))
    .where(
      and(
        eq(approvalInstances.type, REFUND_TYPE),
        eq(approvalInstances.status, "approved"),
        sql`json_extract(${approvalInstances.fields}, '$.payoutStatus') = 'pending'`,
        ...(scope ? [scope] : []),
      ),
    )
    .orderBy(approvalInstances.decidedAt, desc(approvalInstances.id))
    .limit(limit)
    .all();
  return {
    items: rows.map((r) => ({
      instanceId: r.id,
      studentId: r.studentId,
      studentName: r.studentName,
      amountFen: (r.fields as RefundFields).amountFen,
      approvedAt: r.decidedAt ?? 0,
    })),
  };
}
