// Who may see and act on a follow-up task. Its owner always; whoever may see the student sees it; a
// principal (followups.manage) sees and acts on every task of their campuses; admins and the system
// everywhere. A task outside all of these answers 404, like one that does not exist.
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import { followupTasks, students, type FollowupTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { forbidden, notFound } from "../../core/errors";
import { studentScopeCondition } from "../access/studentScope";
import { hasPermission, isAdmin } from "../../../shared/permissions";

/** Whether the actor manages tasks of this campus (reassign, cancel, act for the owner). */
export function managesCampus(ctx: Ctx, campusId: number): boolean {
  const actor = ctx.actor;
  if (actor.kind === "system" || isAdmin(actor)) return true;
  return hasPermission(actor, "followups.manage") && actor.campusIds.includes(campusId);
}

/** A condition over followup_tasks (joined with students): the tasks the actor may see; undefined: all. */
export function taskScopeCondition(ctx: Ctx): SQL | undefined {
  const actor = ctx.actor;
  if (actor.kind === "system" || isAdmin(actor)) return undefined;
  const parts: SQL[] = [];
  const students = studentScopeCondition(actor);
  if (students) parts.push(students);
  if (actor.kind === "staff") parts.push(eq(followupTasks.ownerId, actor.staffId));
  if (hasPermission(actor, "followups.manage") && actor.campusIds.length > 0) parts.push(inArray(followupTasks.campusId, actor.campusIds));
  return or(...parts);
}

/** The task, if the actor may see it (404 otherwise). */
export function getTaskInScope(ctx: Ctx, taskId: number): FollowupTaskRow {
  const scope = taskScopeCondition(ctx);
  const row = ctx.db
    .select({ task: followupTasks })
    .from(followupTasks)
    .innerJoin(students, eq(students.id, followupTasks.studentId))
    .where(scope ? and(eq(followupTasks.id, taskId), scope) : eq(followupTasks.id, taskId))
    .get();
  if (!row) throw notFound("跟进待办");
  return row.task;
}

/** Throws 403 unless the actor is the task's owner or manages its campus. */
export function requireTaskActor(ctx: Ctx, task: FollowupTaskRow): void {
  if (ctx.actor.kind === "staff" && ctx.actor.staffId === task.ownerId) return;
  if (managesCampus(ctx, task.campusId)) return;
  throw forbidden("只有负责人或校区校长可以处理这条待办");
}
