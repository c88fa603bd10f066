// Once a lesson's roll call is taken, the reminder cards its teacher got (remindRollCalls.ts) say so in
// place of 去点名: "已点名 · 出勤 8/9". Done once per lesson (`lessons.rollCallReminders` becomes
// CLOSED), since a WeCom card can be changed only once after it is sent and later edits of the roll
// call need no new line on a card.
import { and, eq, gt, lt } from "drizzle-orm";
import { lessons } from "../../db/schema";
import { monthDayTime } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { updateCardsAbout } from "../../outbox/messages";
import { ROLL_CALL_REMINDER_KIND, rollCallReminderCard } from "../../../cards/rollCallReminderCard";
import { rollCallPath } from "../../../shared/appPaths";
import { formatSpanZh } from "../scheduling/lessonSpan";
import { IN_CLASS_STATUSES } from "./attendanceRules";
import type { Roster } from "./getRollCall";

/** `lessons.rollCallReminders` once the reminder cards were closed (1 and 2 count reminders sent). */
export const ROLL_CALL_REMINDERS_CLOSED = 3;

export function closeRollCallReminders(ctx: Ctx, roster: Roster): void {
  const { lesson } = roster;
  const moved = ctx.db
    .update(lessons)
    .set({ rollCallReminders: ROLL_CALL_REMINDERS_CLOSED })
    .where(and(eq(lessons.id, lesson.id), gt(lessons.rollCallReminders, 0), lt(lessons.rollCallReminders, ROLL_CALL_REMINDERS_CLOSED)))
    .run();
  if (moved.changes === 0) return;
  const onRoster = roster.entries.filter((e) => e.enrolled);
  const attended = onRoster.filter((e) => e.attendance !== null && IN_CLASS_STATUSES.includes(e.attendance.status)).length;
  const round = lesson.rollCallReminders >= 2 ? 2 : 1;
  updateCardsAbout(
    ctx,
    { kind: ROLL_CALL_REMINDER_KIND, refType: "lesson", refId: String(lesson.id) },
    rollCallReminderCard({
      className: roster.klass.name,
      courseName: roster.course.name,
      lessonText: formatSpanZh(lesson, ctx.tz),
      enrolled: onRoster.length,
      round,
      detailUrl: rollCallPath(lesson.id),
      state: `已点名 · 出勤 ${attended}/${onRoster.length} · ${monthDayTime(ctx.clock.now(), ctx.tz)}`,
    }),
  );
}
