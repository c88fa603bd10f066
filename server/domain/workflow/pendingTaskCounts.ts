// How many approval tasks wait for one approver, in all and by request type: the badge and the rows of
// the home page's 待我审批 block (the tasks themselves are GET /approval-tasks).
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { approvalInstances, approvalTasks } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { findRequestType } from "./requestTypes";

export type PendingTaskCounts = { total: number; byType: { type: string; label: string; count: number }[] };

export const pendingTaskCountsSchema = z.object({ staffId: idSchema });

/** The staff member's pending tasks counted by the type of request they are about, most first. */
export function pendingTaskCounts({ ctx, input }: { ctx: Ctx; input: z.input<typeof pendingTaskCountsSchema> }): PendingTaskCounts {
  const { staffId } = parseInput(pendingTaskCountsSchema, input);
  const count = sql<number>`count(*)`;
  const rows = ctx.db
    .select({ type: approvalInstances.type, count })
    .from(approvalTasks)
    .innerJoin(approvalInstances, eq(approvalInstances.id, approvalTasks.instanceId))
    .where(and(eq(approvalTasks.approverStaffId, staffId), eq(approvalTasks.status, "pending")))
    .groupBy(approvalInstances.type)
    .orderBy(desc(count), approvalInstances.type)
    .all();
  return {
    total: rows.reduce((sum, r) => sum + r.count, 0),
    byType: rows.map((r) => ({ type: r.type, label: findRequestType(r.type)?.label ?? r.type, count: r.count })),
  };
}
