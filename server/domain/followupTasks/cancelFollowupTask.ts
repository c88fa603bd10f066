// Cancels an open follow-up task: no longer needed (the student left, a duplicate). A principal of its
// campus or an admin does it by hand with a reason; the scan does it for students who left (流失/结课).
// Every copy of the card shows "已取消", the DingTalk todo is removed.
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { followupTasks, type FollowupTaskRow } from "../../db/schema";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { forbidden } from "../../core/errors";
import { parseInput } from "../../core/input";
import { monthDayTime } from "../../core/clock";
import { displayActorLabel } from "../../../shared/actorLabels";
import { syncChurnTags } from "../serviceRules/churnTags";
import { closedConflict } from "./closedConflict";
import { closeTaskTodos } from "./closeTaskTodos";
import { cancelFollowupTaskSchema } from "./followupTaskSchemas";
import { getTaskInScope, managesCampus } from "./taskAccess";

export function cancelFollowupTask({ ctx, input }: { ctx: Ctx; input: z.input<typeof cancelFollowupTaskSchema> }): FollowupTaskRow {
  const { taskId, note } = parseInput(cancelFollowupTaskSchema, input);
  return inTransaction(ctx, (tx) => {
    const task = getTaskInScope(tx, taskId);
    if (!managesCampus(tx, task.campusId)) throw forbidden("只有校区校长或管理员可以取消待办");
    return closeTask(tx, task, "cancelled", note);
  });
}

/** Closes an open task without an outcome (`cancelled`, or `expired` by the scan); 409 when already closed. */
export function closeTask(ctx: Ctx, task: FollowupTaskRow, state: "cancelled" | "expired", note: string): FollowupTaskRow {
  const now = ctx.clock.now();
  const who = actorColumns(ctx.actor).actorLabel;
  const closed = ctx.db
    .update(followupTasks)
    .set({ state, note, closedAt: now, closedByLabel: who, updatedAt: now, version: sql`${followupTasks.version} + 1` })
    .where(and(eq(followupTasks.id, task.id), eq(followupTasks.state, "open")))
    .returning()
    .get();
  if (!closed) throw closedConflict(ctx, getTaskInScope(ctx, task.id));
  const line = state === "cancelled" ? `已取消 · ${displayActorLabel(who)} · ${monthDayTime(now, ctx.tz)}` : `已过期 · ${monthDayTime(now, ctx.tz)}`;
  closeTaskTodos(ctx, closed, "deleted", line);
  if (closed.kind === "churn") syncChurnTags(ctx, [closed.studentId]);
  return closed;
}
