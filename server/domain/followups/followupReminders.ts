// The reminder of a planned follow-up (下次跟进): on its nextFollowupDate, from 09:00 in the business
// time zone, the follow-up's author gets a card linking to the student's profile. Once: the row's
// reminderSentAt is set in the transaction that queues the card, so a re-run never sends it again.
// Only the day itself counts (rows whose date passed while no job ran are not reminded late), only the
// student's latest follow-up (a newer one replaced the plan), and only an author still at work.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { followupReminderCard, FOLLOWUP_REMINDER_KIND } from "../../../cards/followupReminderCard";
import { businessDate, monthDayTime, startOfBusinessDay } from "../../core/clock";
import { inTransaction, type Ctx } from "../../core/context";
import { followups, staff, students } from "../../db/schema";
import { sendCard } from "../../outbox/messages";
import { studentProfilePath } from "../../../shared/appPaths";
import { FOLLOWUP_CHANNEL_LABELS } from "../../../shared/followups";
import { trimText } from "../workflow/requestFacts";
import { isLatestFollowup } from "./latestFollowup";

/** The hour of the business day from which reminders go out. */
export const REMINDER_HOUR = 9;

/** Sends today's follow-up reminders (from 09:00); returns how many went out. */
export function sendFollowupReminders({ ctx }: { ctx: Ctx }): { reminders: number } {
  const now = ctx.clock.now();
  const today = businessDate(now, ctx.tz);
  if (now < startOfBusinessDay(today, ctx.tz) + REMINDER_HOUR * 3_600_000) return { reminders: 0 };
  const due = ctx.db
    .select({ followup: followups, studentName: students.name })
    .from(followups)
    .innerJoin(students, eq(students.id, followups.studentId))
    .innerJoin(staff, eq(staff.id, followups.staffId))
    .where(and(eq(followups.nextFollowupDate, today), isNull(followups.reminderSentAt), isNotNull(followups.staffId), eq(staff.status, "active"), isLatestFollowup(ctx)))
    .all();
  let reminders = 0;
  for (const { followup: f, studentName } of due) {
    if (f.staffId === null) continue;
    const staffId = f.staffId;
    inTransaction(ctx, (tx) => {
      const claimed = tx.db
        .update(followups)
        .set({ reminderSentAt: now })
        .where(and(eq(followups.id, f.id), isNull(followups.reminderSentAt)))
        .run();
      if (claimed.changes === 0) return;
      sendCard(tx, {
        kind: FOLLOWUP_REMINDER_KIND,
        refType: "followup",
        refId: String(f.id),
        staffIds: [staffId],
        content: followupReminderCard({
          studentName,
          lastText: `${monthDayTime(f.at, tx.tz)} · ${FOLLOWUP_CHANNEL_LABELS[f.channel]}`,
          content: trimText(f.content, 120),
          detailUrl: studentProfilePath(f.studentId),
        }),
      });
      reminders++;
    });
  }
  return { reminders };
}
