// API JSON for follow-up tasks (跟进待办), their detail, the service rules and the firing log.
import type { FollowupTaskRow, RuleFiringRow } from "../../db/schema";
import type { FollowupTaskDetail } from "../../domain/followupTasks/getFollowupTask";
import type { FollowupTaskList, FollowupTaskListItem } from "../../domain/followupTasks/listFollowupTasks";
import { factLines } from "../../domain/followupTasks/taskCard";
import type { RuleCandidate } from "../../domain/serviceRules/ruleCandidate";
import type { ServiceRuleView } from "../../domain/serviceRules/listServiceRules";
import type { RuleFiringItem } from "../../domain/serviceRules/listRuleFirings";
import type { DryRun } from "../../domain/serviceRules/dryRunRule";
import { displayActorLabel } from "../../../shared/actorLabels";
import {
  FOLLOWUP_OUTCOME_LABELS,
  FOLLOWUP_REASON_LABELS,
  FOLLOWUP_TASK_KIND_LABELS,
  FOLLOWUP_TASK_STATE_LABELS,
  FOLLOWUP_TRIGGER_LABELS,
  type FollowupOutcome,
  type FollowupReason,
} from "../../../shared/followupTasks";
import { followupTaskPath } from "../../../shared/appPaths";

const label = <T extends string>(labels: Record<T, string>, v: string | null) => (v === null ? null : (labels[v as T] ?? v));

/** A task as lists and the detail show it. */
export const presentFollowupTask = (t: FollowupTaskRow & { studentName?: string; ownerName?: string | null }) => ({
  id: t.id,
  kind: t.kind,
  kindLabel: FOLLOWUP_TASK_KIND_LABELS[t.kind],
  trigger: t.trigger,
  triggerLabel: FOLLOWUP_TRIGGER_LABELS[t.trigger] ?? t.trigger,
  title: t.title,
  studentId: t.studentId,
  studentName: t.studentName ?? null,
  campusId: t.campusId,
  ownerId: t.ownerId,
  ownerName: t.ownerName ?? null,
  accountId: t.accountId,
  ticketId: t.ticketId,
  sourceFollowupId: t.sourceFollowupId,
  /** The facts as rows ({ key, value }), and the raw figures. */
  lines: factLines(t.facts),
  facts: t.facts,
  dueAt: t.dueAt,
  state: t.state,
  stateLabel: FOLLOWUP_TASK_STATE_LABELS[t.state],
  outcome: t.outcome,
  outcomeLabel: label<FollowupOutcome>(FOLLOWUP_OUTCOME_LABELS, t.outcome),
  reason: t.reason,
  reasonLabel: label<FollowupReason>(FOLLOWUP_REASON_LABELS, t.reason),
  note: t.note,
  closedAt: t.closedAt,
  closedBy: t.closedByLabel === null ? null : displayActorLabel(t.closedByLabel),
  recordId: t.recordId,
  path: followupTaskPath(t.id),
  createdAt: t.createdAt,
  version: t.version,
});

export const presentFollowupTaskList = (list: FollowupTaskList) => ({
  items: list.items.map((i: FollowupTaskListItem) => presentFollowupTask(i)),
  nextCursor: list.nextCursor,
  counts: list.counts,
});

export const presentFiring = (f: RuleFiringRow & Partial<Pick<RuleFiringItem, "studentName" | "taskState" | "ownerId">>) => ({
  id: f.id,
  ruleKey: f.ruleKey,
  trigger: f.trigger,
  triggerLabel: FOLLOWUP_TRIGGER_LABELS[f.trigger] ?? f.trigger,
  studentId: f.studentId,
  studentName: f.studentName ?? null,
  taskId: f.taskId,
  taskState: f.taskState ?? null,
  inputs: f.inputs,
  at: f.at,
});

export const presentFollowupTaskDetail = (d: FollowupTaskDetail) => ({
  ...presentFollowupTask({ ...d.task, studentName: d.studentName, ownerName: d.ownerName }),
  firings: d.firings.map((f) => presentFiring(f)),
  outcomes: d.outcomes.map((code) => ({ code, label: FOLLOWUP_OUTCOME_LABELS[code], needsReason: d.outcomesNeedingReason.includes(code) })),
  reasons: Object.entries(FOLLOWUP_REASON_LABELS).map(([code, text]) => ({ code, label: text })),
  canAct: d.canAct,
  canManage: d.canManage,
});

export const presentServiceRule = (r: ServiceRuleView) => ({
  key: r.key,
  label: r.label,
  enabled: r.enabled,
  params: r.params,
  defaults: r.defaults,
  custom: r.custom,
  updatedAt: r.updatedAt,
});

const presentCandidate = (c: RuleCandidate & { ownerName: string | null }) => ({
  kind: c.kind,
  trigger: c.trigger,
  triggerLabel: FOLLOWUP_TRIGGER_LABELS[c.trigger] ?? c.trigger,
  studentId: c.studentId,
  studentName: c.studentName,
  campusId: c.campusId,
  ownerId: c.ownerId,
  ownerName: c.ownerName,
  title: c.title,
  lines: c.facts.lines,
  dueAt: c.dueAt,
  inputs: c.inputs,
});

export const presentDryRun = (d: DryRun) => ({ key: d.key, enabled: d.enabled, total: d.candidates.length, candidates: d.candidates.map(presentCandidate) });
