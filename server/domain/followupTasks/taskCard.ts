// The card content of a follow-up task, open or closed, built from the task row: its facts' lines are
// the rows, its trigger and due date the subtitle. Shared by opening, closing and reassigning a task.
import { eq } from "drizzle-orm";
import { students, type FollowupTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { monthDayTime } from "../../core/clock";
import type { CardContent, CardRow } from "../../../cards/cardModel";
import { followupTaskCard } from "../../../cards/followupTaskCard";
import { followupTaskPath } from "../../../shared/appPaths";
import { FOLLOWUP_TASK_KIND_LABELS, FOLLOWUP_TRIGGER_LABELS } from "../../../shared/followupTasks";

export const FOLLOWUP_TASK_REF = "followup_task";

/** What a rule saw, as stored on the task: `lines` are shown (card rows, the page), the rest are the raw figures. */
export type TaskFacts = { lines: CardRow[] } & Record<string, unknown>;

export function factLines(facts: unknown): CardRow[] {
  const lines = (facts as { lines?: unknown } | null)?.lines;
  return Array.isArray(lines) ? lines.filter((l): l is CardRow => typeof l?.key === "string" && typeof l?.value === "string") : [];
}

export const triggerLabel = (trigger: string) => FOLLOWUP_TRIGGER_LABELS[trigger] ?? trigger;

export function taskStudentName(ctx: Ctx, studentId: number): string {
  return ctx.db.select({ name: students.name }).from(students).where(eq(students.id, studentId)).get()?.name ?? "";
}

/** "续费跟进 · 王小明". */
export const taskTitle = (kindLabel: string, studentName: string) => `${kindLabel} · ${studentName}`;

export function taskCardContent(ctx: Ctx, task: FollowupTaskRow, state?: string): CardContent {
  const studentName = taskStudentName(ctx, task.studentId);
  return followupTaskCard({
    kind: task.kind,
    title: taskTitle(FOLLOWUP_TASK_KIND_LABELS[task.kind], studentName),
    subtitle: `${triggerLabel(task.trigger)} · ${monthDayTime(task.dueAt, ctx.tz).split(" ")[0]}前处理`,
    rows: [{ key: "学员", value: studentName }, ...factLines(task.facts)],
    detailUrl: followupTaskPath(task.id),
    ...(state ? { state } : {}),
  });
}
