// Fetch-or-throw helpers and the timeline writer shared by the approval verbs.
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  approvalDefinitions,
  approvalInstances,
  approvalStepRuns,
  approvalTasks,
  approvalTimeline,
  staff,
  type ApprovalInstanceRow,
  type ApprovalStepRunRow,
  type ApprovalTaskRow,
  type TimelineAction,
} from "../../db/schema";
import { notFound } from "../../core/errors";
import { actorColumns, type Ctx } from "../../core/context";
import { definitionOf, type StoredDefinition } from "./activeDefinition";

export function getInstance(ctx: Ctx, id: number): ApprovalInstanceRow {
  const row = ctx.db.select().from(approvalInstances).where(eq(approvalInstances.id, id)).get();
  if (!row) throw notFound("审批");
  return row;
}

export function getTask(ctx: Ctx, id: number): ApprovalTaskRow {
  const row = ctx.db.select().from(approvalTasks).where(eq(approvalTasks.id, id)).get();
  if (!row) throw notFound("审批任务");
  return row;
}

export function getStepRun(ctx: Ctx, id: number): ApprovalStepRunRow {
  const row = ctx.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.id, id)).get();
  if (!row) throw notFound("审批步骤");
  return row;
}

/** The definition version the instance pinned. */
export function pinnedDefinition(ctx: Ctx, instance: ApprovalInstanceRow): StoredDefinition {
  const row = ctx.db.select().from(approvalDefinitions).where(eq(approvalDefinitions.id, instance.definitionId)).get();
  if (!row) throw new Error(`approval definition ${instance.definitionId} does not exist`);
  return definitionOf(row);
}

export const tasksOfRun = (ctx: Ctx, stepRunId: number): ApprovalTaskRow[] =>
  ctx.db.select().from(approvalTasks).where(eq(approvalTasks.stepRunId, stepRunId)).orderBy(approvalTasks.id).all();

export const stepRunsOf = (ctx: Ctx, instanceId: number): ApprovalStepRunRow[] =>
  ctx.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, instanceId)).orderBy(approvalStepRuns.stepIndex).all();

/** The step run now active for an instance, if any. */
export const activeStepRun = (ctx: Ctx, instanceId: number): ApprovalStepRunRow | undefined =>
  ctx.db
    .select()
    .from(approvalStepRuns)
    .where(and(eq(approvalStepRuns.instanceId, instanceId), eq(approvalStepRuns.status, "active")))
    .get();

/** Sets the instance's columns and bumps its version. */
export function updateInstance(ctx: Ctx, id: number, set: Partial<Pick<ApprovalInstanceRow, "status" | "currentStep" | "decidedAt" | "fields">>): ApprovalInstanceRow {
  const row = ctx.db
    .update(approvalInstances)
    .set({ ...set, updatedAt: ctx.clock.now(), version: sql`${approvalInstances.version} + 1` })
    .where(eq(approvalInstances.id, id))
    .returning()
    .get();
  if (!row) throw notFound("审批");
  return row;
}

/** One timeline row, written by the acting actor (or a label given for the system). */
export function addTimeline(
  ctx: Ctx,
  row: { instanceId: number; action: TimelineAction; stepRunId?: number | null; taskId?: number | null; comment?: string | null },
): void {
  ctx.db
    .insert(approvalTimeline)
    .values({
      instanceId: row.instanceId,
      at: ctx.clock.now(),
      action: row.action,
      stepRunId: row.stepRunId ?? null,
      taskId: row.taskId ?? null,
      comment: row.comment ?? null,
      ...actorColumns(ctx.actor),
    })
    .run();
}

/** A staff member's display name (for card states). */
export function staffNames(ctx: Ctx, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = ctx.db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, [...new Set(ids)])).all();
  return new Map(rows.map((r) => [r.id, r.name]));
}
