// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  APPROVAL_STATUSES,
  approvalDefinitions,
  approvalInstances,
  approvalTasks,
  approvalTimeline,
  students,
  type ApprovalInstanceRow,
  type ApprovalStepRunRow,
  type ApprovalTaskRow,
  type ApprovalTimelineRow,
} from "../../db/schema";
import { notFound } from "../../core/errors";
import { isAdmin, rolesOf } from "../../../shared/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, toPage, type Page, type PageInput } from "../../core/page";
import { definitionKeySchema } from "./activeDefinition";
import { getInstance, pinnedDefinition, staffNames, stepRunsOf } from "./approvalRecords";
import { findRequestType } from "./requestTypes";
import { typedInstance, type RequestDescription } from "./requestType";

export type TaskView = ApprovalTaskRow & { approverName: string };
export type StepView = { run: ApprovalStepRunRow; name: string; tasks: TaskView[] };
export type ApprovalSummary = ApprovalInstanceRow & { label: string; studentName: string | null };
export type ApprovalDetail = ApprovalSummary & {
  description: RequestDescription;
  definition: { id: number; name: string; version: number; stepNames: string[] };
  steps: StepView[];
  timeline: ApprovalTimelineRow[];
  /** The actor's pending task on this instance, if any (the detail page's 同意 / 驳回). */
  myPendingTaskId: number | null;
};

function mayRead(ctx: Ctx, instance: ApprovalInstanceRow): boolean {
  const actor = ctx.actor;
  if (actor.kind === "system" || isAdmin(actor)) return true;
  if (rolesOf(actor).includes("principal") && instance.campusId !== null && actor.campusIds.includes(instance.campusId)) return true;
  if (actor.kind !== "staff") return false;
  if (instance.requesterStaffId === actor.staffId) return true;
  const task = ctx.db
    .select({ id: approvalTasks.id })
    .from(approvalTasks)
    .where(and(eq(approvalTasks.instanceId, instance.id), eq(approvalTasks.approverStaffId, actor.staffId)))
    .get();
  return task !== undefined;
}

function summarize(ctx: Ctx, rows: ApprovalInstanceRow[]): ApprovalSummary[] {
  const ids = [...new Set(rows.map((r) => r.studentId).filter((id): id is number => id !== null))];
  const names = new Map(
    ids.length === 0 ? [] : ctx.db.select({ id: students.id, name: students.name }).from(students).where(inArray(students.id, ids)).all().map((s) => [s.id, s.name]),
  );
  return rows.map((r) => ({
    ...r,
    label: findRequestType(r.type)?.label ?? r.type,
    studentName: r.studentId === null ? null : (names.get(r.studentId) ?? null),
  }));
}

export const approvalDetailSchema = z.object({ instanceId: idSchema });

/** One instance in full, or 404 when it does not exist or the actor may not see it. */
export function approvalDetail({ ctx, input }: { ctx: Ctx; input: z.input<typeof approvalDetailSchema> }): ApprovalDetail {
  const { instanceId } = parseInput(approvalDetailSchema, input);
  const instance = getInstance(ctx, instanceId);
  if (!mayRead(ctx, instance)) throw notFound("审批");
  const [summary] = summarize(ctx, [instance]);
  if (!summary) throw notFound("审批");
  const { row, definition } = pinnedDefinition(ctx, instance);
  const runs = stepRunsOf(ctx, instance.id);
  const tasks = ctx.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, instance.id)).orderBy(approvalTasks.id).all();
  const names = staffNames(ctx, tasks.map((t) => t.approverStaffId));
  const requestType = findRequestType(instance.type);
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : null;
  return {
    ...summary,
    description: requestType ? requestType.describe(ctx, typedInstance(instance)) : { title: instance.type, rows: [] },
    definition: { id: row.id, name: row.name, version: row.version, stepNames: definition.steps.map((s) => s.name) },
    steps: runs.map((run) => ({
      run,
      name: definition.steps[run.stepIndex]?.name ?? run.stepId,
      tasks: tasks.filter((t) => t.stepRunId === run.id).map((t) => ({ ...t, approverName: names.get(t.approverStaffId) ?? "" })),
    })),
    timeline: ctx.db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, instance.id)).orderBy(approvalTimeline.id).all(),
    myPendingTaskId: tasks.find((t) => t.approverStaffId === staffId && t.status === "pending")?.id ?? null,
  };
}

export type MyTask = { task: ApprovalTaskRow; instance: ApprovalSummary; stepName: string };

export const myTasksSchema = pageSchema.extend({ status: z.enum(["pending", "done"]) });

/** The actor's tasks (pending first by default), with the count still pending. */
export function myTasks({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof myTasksSchema> }): Page<MyTask> & { pendingCount: number } {
  const input = parseInput(myTasksSchema, raw);
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : -1;
  const statusCond = input.status === "pending" ? eq(approvalTasks.status, "pending") : sql`${approvalTasks.status} <> 'pending'`;
  const conds: SQL[] = [eq(approvalTasks.approverStaffId, staffId), statusCond];
  if (input.cursor) conds.push(lt(approvalTasks.id, input.cursor));
  const rows = ctx.db
    .select()
    .from(approvalTasks)
    .where(and(...conds))
    .orderBy(desc(approvalTasks.id))
    .limit(input.limit + 1)
    .all();
  const page = toPage(rows, input.limit);
  const instances = page.items.length === 0 ? [] : ctx.db.select().from(approvalInstances).where(inArray(approvalInstances.id, page.items.map((t) => t.instanceId))).all();
  const byId = new Map(summarize(ctx, instances).map((i) => [i.id, i]));
  const definitionNames = new Map<number, string[]>();
  const items: MyTask[] = [];
  for (const task of page.items) {
    const instance = byId.get(task.instanceId);
    if (!instance) continue;
    let steps = definitionNames.get(instance.definitionId);
    if (!steps) {
      steps = pinnedDefinition(ctx, instance).definition.steps.map((s) => s.name);
      definitionNames.set(instance.definitionId, steps);
    }
    const run = stepRunsOf(ctx, instance.id).find((r) => r.id === task.stepRunId);
    items.push({ task, instance, stepName: run ? (steps[run.stepIndex] ?? run.stepId) : "" });
  }
  const pendingCount =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(approvalTasks)
      .where(and(eq(approvalTasks.approverStaffId, staffId), eq(approvalTasks.status, "pending")))
      .get()?.n ?? 0;
  return { items, nextCursor: page.nextCursor, pendingCount };
}

function listInstances(ctx: Ctx, where: SQL[], input: PageInput): Page<ApprovalSummary> {
  const conds: SQL[] = [...where];
  if (input.cursor) conds.push(lt(approvalInstances.id, input.cursor));
  const rows = ctx.db
    .select()
    .from(approvalInstances)
    .where(and(...conds))
    .orderBy(desc(approvalInstances.id))
    .limit(input.limit + 1)
    .all();
  const page = toPage(rows, input.limit);
  return { items: summarize(ctx, page.items), nextCursor: page.nextCursor };
}

export const myRequestsSchema = pageSchema.extend({ status: z.enum(APPROVAL_STATUSES).optional() });

/** The requests the actor submitted, newest first; only those in one state when `status` is given. */
export function myRequests({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof myRequestsSchema> }): Page<ApprovalSummary> {
  const input = parseInput(myRequestsSchema, raw);
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : -1;
  const where = [eq(approvalInstances.requesterStaffId, staffId)];
  if (input.status !== undefined) where.push(eq(approvalInstances.status, input.status));
  return listInstances(ctx, where, input);
}

export const studentApprovalsSchema = pageSchema.extend({ studentId: idSchema });

/** The approvals about a student the actor may see (404 outside their scope). */
export function studentApprovals({ ctx, input }: { ctx: Ctx; input: z.input<typeof studentApprovalsSchema> }): Page<ApprovalSummary> {
  const { studentId, ...page } = parseInput(studentApprovalsSchema, input);
  getStudentInScope(ctx, studentId);
  return listInstances(ctx, [eq(approvalInstances.studentId, studentId)], page);
}

/** The stored versions of a key, newest first (for the admin's history view). */
export function definitionVersions({ ctx, input }: { ctx: Ctx; input: z.input<typeof definitionKeySchema> }) {
  const { key } = parseInput(definitionKeySchema, input);
  return ctx.db
    .select({ id: approvalDefinitions.id, version: approvalDefinitions.version, name: approvalDefinitions.name, createdAt: approvalDefinitions.createdAt, createdBy: approvalDefinitions.createdBy })
    .from(approvalDefinitions)
    .where(eq(approvalDefinitions.key, key))
    .orderBy(desc(approvalDefinitions.version))
    .all();
}
