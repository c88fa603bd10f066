// Roll-call reminders (点名提醒): a lesson that has ended with no roll call (see unmarkedLessons.ts) sends
// its teacher a card with 去点名 — once when it ends, and once more the next business morning (from
// 09:00) if it still has none. `lessons.rollCallReminders` counts what was sent, so a repeat run sends
// nothing twice. Only lessons that ended in the last 36 hours get a first reminder (an upgrade does not
// flood teachers with old history); cancelled lessons never. A first reminder found only after the next
// morning has begun is the morning one.
import { and, eq, gte, inArray, lt, lte } from "drizzle-orm";
import { courses, lessons, staff } from "../../db/schema";
import { businessDate, endOfBusinessDay } from "../../core/clock";
import { formatSpanZh } from "../scheduling/lessonSpan";
import { inTransaction, type Ctx } from "../../core/context";
import { sendCard } from "../../outbox/messages";
import { sendableAt } from "../calendar/quietHours";
import { ROLL_CALL_REMINDER_KIND, rollCallReminderCard } from "../../../cards/rollCallReminderCard";
import { rollCallPath } from "../../../shared/appPaths";
import { selectLessonViews } from "../scheduling/lessonViews";
import { unmarkedAmong } from "./unmarkedLessons";

const HOUR = 3600 * 1000;
/** A lesson that ended longer ago than this gets no first reminder. */
export const FIRST_REMINDER_WINDOW_MS = 36 * HOUR;
/** The second reminder goes from this hour of the next business day. */
const MORNING_HOUR = 9;
/** A lesson still unmarked this long after its end is left to the 未点名 list. */
const SECOND_REMINDER_WINDOW_MS = 3 * 24 * HOUR;

/** The instant the next-morning reminder of a lesson is due. */
export const morningAfter = (endsAt: number, tz: string) => endOfBusinessDay(businessDate(endsAt, tz), tz) + MORNING_HOUR * HOUR;

export function remindRollCalls({ ctx }: { ctx: Ctx }): { lessons: number; atEnd: number; nextMorning: number } {
  const now = ctx.clock.now();
  const due = selectLessonViews(
    ctx,
    and(
      eq(lessons.status, "scheduled"),
      lte(lessons.endsAt, now),
      gte(lessons.endsAt, now - SECOND_REMINDER_WINDOW_MS),
      lt(lessons.rollCallReminders, 2),
    ),
    10_000,
  ).filter((l) => (l.rollCallReminders === 0 ? l.endsAt >= now - FIRST_REMINDER_WINDOW_MS : now >= morningAfter(l.endsAt, ctx.tz)));
  const summary = { lessons: 0, atEnd: 0, nextMorning: 0 };
  const open = unmarkedAmong(ctx, due);
  if (open.length === 0) return summary;
  const courseNames = new Map(
    ctx.db.select({ id: courses.id, name: courses.name }).from(courses).where(inArray(courses.id, [...new Set(open.map((l) => l.courseId))])).all().map((c) => [c.id, c.name]),
  );
  for (const lesson of open) {
    const round: 1 | 2 = now >= morningAfter(lesson.endsAt, ctx.tz) ? 2 : 1;
    inTransaction(ctx, (tx) => {
      // The counter moves only from what this run read: a concurrent run that got here first wins.
      const moved = tx.db
        .update(lessons)
        .set({ rollCallReminders: round })
        .where(and(eq(lessons.id, lesson.id), eq(lessons.rollCallReminders, lesson.rollCallReminders)))
        .run();
      if (moved.changes === 0) return;
      const teacher = tx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, lesson.teacherId)).get();
      if (teacher?.status === "active") {
        sendCard(tx, {
          kind: ROLL_CALL_REMINDER_KIND,
          refType: "lesson",
          refId: String(lesson.id),
          staffIds: [lesson.teacherId],
          content: rollCallReminderCard({
            className: lesson.className,
            courseName: courseNames.get(lesson.courseId) ?? "",
            lessonText: formatSpanZh(lesson, tx.tz),
            enrolled: lesson.enrolled,
            round,
            detailUrl: rollCallPath(lesson.id),
          }),
          // The next morning's reminder waits for the campus to open (quiet hours); the one at the
          // lesson's end goes at once — the teacher is still in the room.
          ...(round === 2 ? { notBefore: sendableAt(tx, lesson.campusId) } : {}),
        });
      }
      summary.lessons += 1;
      if (round === 1) summary.atEnd += 1;
      else summary.nextMorning += 1;
    });
  }
  return summary;
}
