// 工作台's follow-up work: for advisors their open renewals (with the projected run-out date and the
// remaining hours the card showed), for head teachers their open 回访 and churn warnings — soonest due
// first, a few rows each with the total.
import { and, asc, count, eq } from "drizzle-orm";
import { followupTasks, students } from "../../db/schema";
import type { Ctx } from "../../core/context";
import type { Role } from "../../../shared/roles";
import type { FollowupTaskKind } from "../../../shared/followupTasks";
import { FOLLOWUP_TRIGGER_LABELS } from "../../../shared/followupTasks";
import { factLines } from "../followupTasks/taskCard";
import { HOME_ROWS, type HomeList } from "./homeList";

export type HomeFollowupTask = {
  taskId: number;
  studentId: number;
  studentName: string;
  trigger: string;
  triggerLabel: string;
  dueAt: number;
  /** Renewals: the projected run-out instant (null: no lessons scheduled). */
  runOutAt: number | null;
  /** The card's facts ({ key, value }). */
  lines: { key: string; value: string }[];
};

export type FollowupTasksWork = { renewals?: HomeList<HomeFollowupTask>; visits?: HomeList<HomeFollowupTask>; churn?: HomeList<HomeFollowupTask> };

function mine(ctx: Ctx, staffId: number, kind: FollowupTaskKind): HomeList<HomeFollowupTask> {
  const where = and(eq(followupTasks.ownerId, staffId), eq(followupTasks.state, "open"), eq(followupTasks.kind, kind));
  const rows = ctx.db
    .select({ task: followupTasks, studentName: students.name })
    .from(followupTasks)
    .innerJoin(students, eq(students.id, followupTasks.studentId))
    .where(where)
    .orderBy(asc(followupTasks.dueAt), asc(followupTasks.id))
    .limit(HOME_ROWS)
    .all();
  const total = rows.length < HOME_ROWS ? rows.length : (ctx.db.select({ n: count() }).from(followupTasks).where(where).get()?.n ?? 0);
  const items = rows.map(({ task, studentName }) => {
    const runOutAt = (task.facts as { runOutAt?: unknown }).runOutAt;
    return {
      taskId: task.id,
      studentId: task.studentId,
      studentName,
      trigger: task.trigger,
      triggerLabel: FOLLOWUP_TRIGGER_LABELS[task.trigger] ?? task.trigger,
      dueAt: task.dueAt,
      runOutAt: typeof runOutAt === "number" ? runOutAt : null,
      lines: factLines(task.facts),
    };
  });
  return { total, items };
}

export function followupTasksBlock(ctx: Ctx, roles: readonly Role[]): FollowupTasksWork {
  if (ctx.actor.kind !== "staff") return {};
  const staffId = ctx.actor.staffId;
  return {
    ...(roles.includes("advisor") ? { renewals: mine(ctx, staffId, "renewal") } : {}),
    ...(roles.includes("head_teacher") ? { visits: mine(ctx, staffId, "visit"), churn: mine(ctx, staffId, "churn") } : {}),
  };
}
