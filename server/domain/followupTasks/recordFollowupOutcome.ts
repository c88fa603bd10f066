// Records a follow-up task's outcome, from whichever path comes first — the card's button, the
// mini-app, the API, or the system (a paid order: 已续费; the student attended again: 已恢复上课). In one
// transaction: the task is closed (a second outcome finds it closed: 409 with who closed it), the
// outcome is written on the student's timeline as a 跟进记录 (its next date becomes a reminder task),
// and every copy of the card shows the state line while the DingTalk todo is completed. A churn
// outcome takes the 流失风险 tag off when it was the last open episode; a complaint's 回访 closes or
// reopens its ticket.
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { followups, followupTasks, type FollowupTaskRow } from "../../db/schema";
import { actorColumns, actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { businessDate, monthDayTime } from "../../core/clock";
import { validationError, type FieldIssue } from "../../core/errors";
import { parseInput } from "../../core/input";
import { displayActorLabel } from "../../../shared/actorLabels";
import {
  FOLLOWUP_OUTCOME_LABELS,
  FOLLOWUP_REASON_LABELS,
  FOLLOWUP_TASK_KIND_LABELS,
  OUTCOMES_BY_KIND,
  OUTCOMES_NEEDING_REASON,
  type FollowupOutcome,
  type FollowupReason,
} from "../../../shared/followupTasks";
import { syncChurnTags } from "../serviceRules/churnTags";
import { applyComplaintVisitOutcome } from "../tickets/complaintVisitOutcome";
import { closedConflict } from "./closedConflict";
import { closeTaskTodos } from "./closeTaskTodos";
import { recordFollowupOutcomeSchema } from "./followupTaskSchemas";
import { getTaskInScope, requireTaskActor } from "./taskAccess";

/** Outcomes only the system records: it saw the student attend again, or an order pay for the course. */
const SYSTEM_OUTCOMES: Partial<Record<FollowupTaskRow["kind"], FollowupOutcome[]>> = { churn: ["returned"], renewal: ["renewed"] };

/** "暂不续费（价格） · 顾问丙 · 3月2日 09:00": the state line every copy of the card shows. */
export function outcomeStateLine(ctx: Ctx, outcome: FollowupOutcome, reason: FollowupReason | null): string {
  const what = `${FOLLOWUP_OUTCOME_LABELS[outcome]}${reason ? `（${FOLLOWUP_REASON_LABELS[reason]}）` : ""}`;
  return `${what} · ${displayActorLabel(actorColumns(ctx.actor).actorLabel)} · ${monthDayTime(ctx.clock.now(), ctx.tz)}`;
}

export function recordFollowupOutcome({ ctx, input }: { ctx: Ctx; input: z.input<typeof recordFollowupOutcomeSchema> }): FollowupTaskRow {
  const cmd = parseInput(recordFollowupOutcomeSchema, input);
  return inTransaction(ctx, (tx) => {
    const task = getTaskInScope(tx, cmd.taskId);
    requireTaskActor(tx, task);
    if (task.state !== "open") throw closedConflict(tx, task);
    const now = tx.clock.now();
    const issues: FieldIssue[] = [];
    const allowed = [...OUTCOMES_BY_KIND[task.kind], ...(tx.actor.kind === "system" ? (SYSTEM_OUTCOMES[task.kind] ?? []) : [])];
    if (!allowed.includes(cmd.outcome)) issues.push({ path: "outcome", message: `「${FOLLOWUP_TASK_KIND_LABELS[task.kind]}」没有结果「${FOLLOWUP_OUTCOME_LABELS[cmd.outcome]}」` });
    if (OUTCOMES_NEEDING_REASON.includes(cmd.outcome) && cmd.reason === undefined) issues.push({ path: "reason", message: `「${FOLLOWUP_OUTCOME_LABELS[cmd.outcome]}」需要选择原因` });
    if (cmd.nextFollowupDate !== null && cmd.nextFollowupDate < businessDate(now, tx.tz)) issues.push({ path: "nextFollowupDate", message: "下次跟进日期不能早于今天" });
    if (issues.length > 0) throw validationError(issues);
    const reason = OUTCOMES_NEEDING_REASON.includes(cmd.outcome) || cmd.reason !== undefined ? (cmd.reason ?? null) : null;
    const who = actorColumns(tx.actor);
    const claimed = tx.db
      .update(followupTasks)
      .set({ state: "done", outcome: cmd.outcome, reason, note: cmd.note, closedAt: now, closedByLabel: who.actorLabel, updatedAt: now, version: sql`${followupTasks.version} + 1` })
      .where(and(eq(followupTasks.id, task.id), eq(followupTasks.state, "open")))
      .returning()
      .get();
    if (!claimed) throw closedConflict(tx, getTaskInScope(tx, task.id));
    const what = `${FOLLOWUP_TASK_KIND_LABELS[task.kind]}：${FOLLOWUP_OUTCOME_LABELS[cmd.outcome]}${reason ? `（${FOLLOWUP_REASON_LABELS[reason]}）` : ""}`;
    const record = tx.db
      .insert(followups)
      .values({
        studentId: task.studentId,
        staffId: actorStaffId(tx.actor),
        at: now,
        channel: cmd.via === "system" ? "other" : cmd.channel,
        content: cmd.note ? `${what}。${cmd.note}` : what,
        nextFollowupDate: cmd.nextFollowupDate,
        createdAt: now,
      })
      .returning({ id: followups.id })
      .get();
    const done = tx.db.update(followupTasks).set({ recordId: record.id }).where(eq(followupTasks.id, task.id)).returning().get() ?? claimed;
    closeTaskTodos(tx, done, "done", outcomeStateLine(tx, cmd.outcome, reason));
    if (task.kind === "churn") syncChurnTags(tx, [task.studentId]);
    // A complaint's 回访 decides the ticket: satisfied → closed, not → reopened (same transaction).
    if (task.kind === "complaint_visit" && task.ticketId !== null) applyComplaintVisitOutcome(tx, { ticketId: task.ticketId, satisfied: cmd.outcome === "satisfied", note: cmd.note });
    return done;
  });
}
