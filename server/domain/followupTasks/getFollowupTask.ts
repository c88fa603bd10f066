// One follow-up task for its page: the task with its facts, the student's and owner's names, what the
// rule saw when it fired (the firing's inputs), and the outcomes and reasons the form offers.
import { asc, eq } from "drizzle-orm";
import { ruleFirings, staff, students, type FollowupTaskRow, type RuleFiringRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { OUTCOMES_BY_KIND, OUTCOMES_NEEDING_REASON, type FollowupOutcome } from "../../../shared/followupTasks";
import { z } from "zod";
import { getTaskInScope, managesCampus } from "./taskAccess";

export const getFollowupTaskSchema = z.object({ taskId: idSchema });

export type FollowupTaskDetail = {
  task: FollowupTaskRow;
  studentName: string;
  ownerName: string | null;
  firings: RuleFiringRow[];
  /** What the form offers, and which of them need a reason. */
  outcomes: readonly FollowupOutcome[];
  outcomesNeedingReason: readonly FollowupOutcome[];
  /** Whether the caller may record the outcome, and reassign or cancel. */
  canAct: boolean;
  canManage: boolean;
};

export function getFollowupTask({ ctx, input }: { ctx: Ctx; input: z.input<typeof getFollowupTaskSchema> }): FollowupTaskDetail {
  const { taskId } = parseInput(getFollowupTaskSchema, input);
  const task = getTaskInScope(ctx, taskId);
  const studentName = ctx.db.select({ name: students.name }).from(students).where(eq(students.id, task.studentId)).get()?.name ?? "";
  const ownerName = task.ownerId === null ? null : (ctx.db.select({ name: staff.name }).from(staff).where(eq(staff.id, task.ownerId)).get()?.name ?? null);
  const firings = ctx.db.select().from(ruleFirings).where(eq(ruleFirings.taskId, task.id)).orderBy(asc(ruleFirings.id)).all();
  const canManage = managesCampus(ctx, task.campusId);
  const isOwner = ctx.actor.kind === "staff" && ctx.actor.staffId === task.ownerId;
  return {
    task,
    studentName,
    ownerName,
    firings,
    outcomes: OUTCOMES_BY_KIND[task.kind],
    outcomesNeedingReason: OUTCOMES_NEEDING_REASON,
    canAct: task.state === "open" && (isOwner || canManage),
    canManage: task.state === "open" && canManage,
  };
}
