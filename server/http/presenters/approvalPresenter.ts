// API JSON for approvals: instances, their steps and tasks, timelines, my tasks, definitions. Internal
// columns (row versions, request keys, card ids, reminder counters) stay on the server.
import type { ApprovalDefinitionRow, ApprovalTimelineRow } from "../../db/schema";
import type { ApprovalDetail, ApprovalSummary, TaskView } from "../../domain/workflow/approvalViews";
import type { MyTask } from "../../domain/workflow/myTasks";
import { APPROVAL_STATUS_LABELS } from "../../../shared/approvals";
import { displayActorLabel } from "../../../shared/actorLabels";
import type { FlowDefinition } from "../../domain/workflow/flowDefinitionSchema";

/** One instance as a list row. */
export const presentApprovalSummary = (a: ApprovalSummary) => ({
  id: a.id,
  type: a.type,
  label: a.label,
  status: a.status,
  statusLabel: APPROVAL_STATUS_LABELS[a.status],
  studentId: a.studentId,
  studentName: a.studentName,
  campusId: a.campusId,
  requesterStaffId: a.requesterStaffId,
  requesterLabel: displayActorLabel(a.requesterLabel),
  createdAt: a.createdAt,
  decidedAt: a.decidedAt,
});
export type ApprovalSummaryJson = ReturnType<typeof presentApprovalSummary>;

const presentTask = (t: TaskView) => ({
  id: t.id,
  approverStaffId: t.approverStaffId,
  approverName: t.approverName,
  status: t.status,
  comment: t.comment,
  decidedVia: t.decidedVia,
  decidedAt: t.decidedAt,
});

const presentTimeline = (r: ApprovalTimelineRow) => ({
  id: r.id,
  at: r.at,
  action: r.action,
  actorKind: r.actorKind,
  /** As people read it: "系统自动执行", "管理员接口", a person's name. */
  actorLabel: displayActorLabel(r.actorLabel),
  stepRunId: r.stepRunId,
  taskId: r.taskId,
  comment: r.comment,
});

/** One instance in full: its fields, the facts its type shows, steps with tasks, the timeline. */
export const presentApprovalDetail = (a: ApprovalDetail) => ({
  ...presentApprovalSummary(a),
  fields: a.fields,
  title: a.description.title,
  rows: a.description.rows.map((r) => ({ key: r.key, value: r.value })),
  definition: a.definition,
  steps: a.steps.map((s) => ({
    id: s.run.id,
    stepId: s.run.stepId,
    index: s.run.stepIndex,
    name: s.name,
    mode: s.run.mode,
    status: s.run.status,
    enteredAt: s.run.enteredAt,
    dueAt: s.run.dueAt,
    decidedAt: s.run.decidedAt,
    tasks: s.tasks.map(presentTask),
  })),
  timeline: a.timeline.map(presentTimeline),
  myPendingTaskId: a.myPendingTaskId,
  /** Approving my task needs the payout form (the refund's last step); no other step shows it. */
  myTaskNeedsForm: a.myTaskNeedsForm,
  /** A refund approved with 先通过，稍后打款 and not yet paid (待打款). */
  payoutPending: a.type === "refund" && a.status === "approved" && (a.fields as { payoutStatus?: string }).payoutStatus === "pending",
});
export type ApprovalDetailJson = ReturnType<typeof presentApprovalDetail>;

/** One of my tasks with what it is about. */
export const presentMyTask = (m: MyTask) => ({
  id: m.task.id,
  status: m.task.status,
  createdAt: m.task.createdAt,
  decidedAt: m.task.decidedAt,
  stepName: m.stepName,
  approval: presentApprovalSummary(m.instance),
});
export type MyTaskJson = ReturnType<typeof presentMyTask>;

/** A stored definition version (or the shipped default when none is stored: id and version null). */
export const presentDefinition = (key: string, row: ApprovalDefinitionRow | null, definition: FlowDefinition) => ({
  key,
  id: row?.id ?? null,
  version: row?.version ?? null,
  createdAt: row?.createdAt ?? null,
  definition,
});
