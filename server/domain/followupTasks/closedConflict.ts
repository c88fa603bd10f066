// The answer to acting on a task already closed: 409 saying who closed it, when, and how.
import type { FollowupTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { monthDayTime } from "../../core/clock";
import { conflict, type ServiceError } from "../../core/errors";
import { FOLLOWUP_OUTCOME_LABELS, FOLLOWUP_TASK_STATE_LABELS, type FollowupOutcome } from "../../../shared/followupTasks";
import { displayActorLabel } from "../../../shared/actorLabels";

export function closedConflict(ctx: Ctx, task: FollowupTaskRow): ServiceError {
  const who = task.closedByLabel ? displayActorLabel(task.closedByLabel) : "系统";
  const when = task.closedAt ? monthDayTime(task.closedAt, ctx.tz) : "";
  const what = task.outcome ? (FOLLOWUP_OUTCOME_LABELS[task.outcome as FollowupOutcome] ?? task.outcome) : FOLLOWUP_TASK_STATE_LABELS[task.state];
  return conflict(`这条待办已由 ${who} 于 ${when} 处理（${what}）`, { reason: "closed", state: task.state, outcome: task.outcome, closedBy: who, closedAt: task.closedAt });
}
