// 跟进提醒: a 跟进记录's planned next date becomes a reminder task for its author on that day, from
// `hour` (the card then waits for the campus to open). Only the student's latest follow-up counts (a
// newer one replaced the plan), only an author still at work, each follow-up once
// (`reminder:followup:<id>`); a date missed while the server was down is still reminded, up to
// `lookbackDays` late.
import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { businessDate, endOfBusinessDay, monthDayTime, startOfBusinessDay } from "../../core/clock";
import { followups, followupTasks, staff, students } from "../../db/schema";
import { FOLLOWUP_CHANNEL_LABELS } from "../../../shared/followups";
import { FOLLOWUP_TASK_KIND_LABELS } from "../../../shared/followupTasks";
import { taskTitle } from "../followupTasks/taskCard";
import { isLatestFollowup } from "../followups/latestFollowup";
import { trimText } from "../workflow/requestFacts";
import { addDays } from "../scheduling/lessonSpan";
import type { RuleCandidate } from "./ruleCandidate";
import type { ReminderParams } from "./ruleTypes";

export const reminderKey = (followupId: number) => `reminder:followup:${followupId}`;

export function reminderCandidates(ctx: Ctx, params: ReminderParams): RuleCandidate[] {
  const now = ctx.clock.now();
  const today = businessDate(now, ctx.tz);
  // Today's plans count from the hour; earlier days' at once.
  const upTo = now >= startOfBusinessDay(today, ctx.tz) + params.hour * 3_600_000 ? today : addDays(today, -1);
  const rows = ctx.db
    .select({ f: followups, studentName: students.name, campusId: students.campusId })
    .from(followups)
    .innerJoin(students, eq(students.id, followups.studentId))
    .innerJoin(staff, eq(staff.id, followups.staffId))
    .where(
      and(
        gte(followups.nextFollowupDate, addDays(today, -params.lookbackDays)),
        lte(followups.nextFollowupDate, upTo),
        eq(staff.status, "active"),
        isLatestFollowup(ctx),
        sql`NOT EXISTS (SELECT 1 FROM ${followupTasks} WHERE ${followupTasks.dedupeKey} = 'reminder:followup:' || ${followups.id})`,
      ),
    )
    .all();
  return rows.flatMap(({ f, studentName, campusId }) => {
    if (f.staffId === null || f.nextFollowupDate === null) return [];
    return [
      {
        ruleKey: "reminder" as const,
        kind: "reminder" as const,
        trigger: "next_date",
        dedupeKey: reminderKey(f.id),
        studentId: f.studentId,
        studentName,
        campusId,
        ownerId: f.staffId,
        sourceFollowupId: f.id,
        title: taskTitle(FOLLOWUP_TASK_KIND_LABELS.reminder, studentName),
        facts: {
          lines: [
            { key: "上次跟进", value: `${monthDayTime(f.at, ctx.tz)} · ${FOLLOWUP_CHANNEL_LABELS[f.channel]}` },
            { key: "上次内容", value: trimText(f.content, 120) },
          ],
          nextFollowupDate: f.nextFollowupDate,
        },
        dueAt: endOfBusinessDay(f.nextFollowupDate, ctx.tz),
        inputs: { followupId: f.id, nextFollowupDate: f.nextFollowupDate, today, params },
      },
    ];
  });
}
