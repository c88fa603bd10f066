// Make-up todos whose leave needs nothing more: every leave lesson is arranged, given up, cancelled
// since, or no longer 请假 (the child came after all, and the roll call said so). Arranging and giving
// up close the todos themselves; a change of attendance or a cancelled lesson happens elsewhere, so
// this pass, run by the student-day job, closes what those leave behind. Safe to repeat: a leave with
// no open todo is skipped.
import { and, eq, gte } from "drizzle-orm";
import { approvalInstances } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { LEAVE_TYPE, leaveFieldsSchema } from "./leaveFields";
import { makeupProgress } from "./makeupProgress";
import { openMakeupTodoIds, refreshMakeupTodos } from "./makeupTodo";

/** Leaves approved longer ago than this are left alone (their todos long closed or forgotten by the platform). */
const LOOK_BACK_MS = 90 * 24 * 3_600_000;

export function closeSettledMakeups({ ctx }: { ctx: Ctx }): { makeupTodosClosed: number } {
  const since = ctx.clock.now() - LOOK_BACK_MS;
  const leaves = ctx.db
    .select()
    .from(approvalInstances)
    .where(and(eq(approvalInstances.type, LEAVE_TYPE), eq(approvalInstances.status, "approved"), gte(approvalInstances.decidedAt, since)))
    .all();
  let closed = 0;
  for (const leave of leaves) {
    const parsed = leaveFieldsSchema.safeParse(leave.fields);
    // Most leaves have no open todo any more: only those that do are looked at in a transaction.
    if (!parsed.success || openMakeupTodoIds(ctx, leave.id).length === 0) continue;
    inTransaction(ctx, (tx) => {
      const open = openMakeupTodoIds(tx, leave.id);
      if (open.length === 0 || makeupProgress(tx, leave, parsed.data).remaining > 0) return;
      refreshMakeupTodos(tx, leave, parsed.data);
      closed += open.length;
    });
  }
  return { makeupTodosClosed: closed };
}
