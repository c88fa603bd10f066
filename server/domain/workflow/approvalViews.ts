// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { approvalInstances, approvalTasks, students, type ApprovalInstanceRow, type ApprovalStepRunRow, type ApprovalTaskRow, type ApprovalTimelineRow } from "../../db/schema";
import { isAdmin, rolesOf } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";
import { toPage, type Page, type PageInput } from "../../core/page";
import { findRequestType } from "./requestTypes";
import type { RequestDescription } from "./requestType";

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
  /** True when approving that task needs the type's decision fields (finance's payout); other steps never see them. */
  myTaskNeedsForm: boolean;
};

export function mayRead(ctx: Ctx, instance: ApprovalInstanceRow): boolean {
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

export function summarize(ctx: Ctx, rows: ApprovalInstanceRow[]): ApprovalSummary[] {
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

export function listInstances(ctx: Ctx, where: SQL[], input: PageInput): Page<ApprovalSummary> {
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
