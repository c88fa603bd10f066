// Hands an open task to another staff member (or leaves it ownerless: it then shows as 未分配 to the
// principals). The former owner's card shows "已转交 …" and their todo is removed; the new owner gets
// their own todo and card (from the campus's next open minute). A principal of the campus or an admin
// reassigns; the scan does it when an owner leaves.
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { followupTasks, staff, type FollowupTaskRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { forbidden, validationError } from "../../core/errors";
import { parseInput } from "../../core/input";
import { closedConflict } from "./closedConflict";
import { closeTaskTodos } from "./closeTaskTodos";
import { reassignFollowupTaskSchema } from "./followupTaskSchemas";
import { reachOwner } from "./openFollowupTask";
import { getTaskInScope, managesCampus } from "./taskAccess";

export function reassignFollowupTask({ ctx, input }: { ctx: Ctx; input: z.input<typeof reassignFollowupTaskSchema> }): FollowupTaskRow {
  const { taskId, ownerId } = parseInput(reassignFollowupTaskSchema, input);
  return inTransaction(ctx, (tx) => {
    const task = getTaskInScope(tx, taskId);
    if (!managesCampus(tx, task.campusId)) throw forbidden("只有校区校长或管理员可以转交待办");
    if (ownerId !== null) {
      const person = tx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, ownerId)).get();
      if (person?.status !== "active") throw validationError([{ path: "ownerId", message: "该员工不存在或已离职" }]);
    }
    return moveTask(tx, task, ownerId);
  });
}

/** Moves an open task to `ownerId` (null: nobody). Nothing changes when it already is theirs. */
export function moveTask(ctx: Ctx, task: FollowupTaskRow, ownerId: number | null): FollowupTaskRow {
  if (task.state !== "open") throw closedConflict(ctx, task);
  if (task.ownerId === ownerId) return task;
  const now = ctx.clock.now();
  const moved = ctx.db
    .update(followupTasks)
    .set({ ownerId, updatedAt: now, version: sql`${followupTasks.version} + 1` })
    .where(and(eq(followupTasks.id, task.id), eq(followupTasks.state, "open")))
    .returning()
    .get();
  if (!moved) throw closedConflict(ctx, getTaskInScope(ctx, task.id));
  const newName = ownerId === null ? "未分配" : (ctx.db.select({ name: staff.name }).from(staff).where(eq(staff.id, ownerId)).get()?.name ?? "");
  closeTaskTodos(ctx, moved, "deleted", `已转交 ${newName}`);
  if (ownerId !== null) reachOwner(ctx, moved, ownerId);
  return moved;
}
