// The home page (工作台) of the mini-app, for the signed-in staff member: approval tasks waiting for them,
// the lessons they teach today with how far roll call has got, and — for advisors and head teachers —
// their students running low on hours. A part that does not apply to the person is empty.
import { and, eq, gte, lt } from "drizzle-orm";
import { businessDate, endOfBusinessDay, startOfBusinessDay } from "../../core/clock";
import { lessons } from "../../db/schema";
import { rolesOf } from "../../../shared/permissions";
import { rollCallProgress, type RollCallProgress } from "../attendance/rollCallProgress";
import type { Ctx } from "../../core/context";
import { lowHoursAccounts, type LowHoursPage } from "../ledger/lowHoursAccounts";
import { lessonScopeCondition } from "../scheduling/classScope";
import { selectLessonViews, type LessonView } from "../scheduling/lessonViews";
import { getSettings } from "../settings/institutionSettings";
import { pendingTaskCounts, type PendingTaskCounts } from "../workflow/pendingTaskCounts";

/** The most low-hours rows the home page lists (the total says how many there are). */
const LOW_HOURS_LIMIT = 20;
/** More lessons than anyone teaches in a day. */
const MAX_LESSONS = 50;

export type HomeSummary = {
  /** Today's business date. */
  date: string;
  approvals: PendingTaskCounts;
  todayLessons: (LessonView & { rollCall: RollCallProgress })[];
  lowHours: LowHoursPage & { threshold: number };
};

export function homeSummary({ ctx }: { ctx: Ctx }): HomeSummary {
  const now = ctx.clock.now();
  const date = businessDate(now, ctx.tz);
  const threshold = getSettings({ ctx }).lowHoursThreshold;
  const actor = ctx.actor;
  if (actor.kind !== "staff") {
    return { date, approvals: { total: 0, byType: [] }, todayLessons: [], lowHours: { total: 0, items: [], threshold } };
  }
  const today = selectLessonViews(
    ctx,
    and(
      lessonScopeCondition(actor),
      eq(lessons.teacherId, actor.staffId),
      gte(lessons.startsAt, startOfBusinessDay(date, ctx.tz)),
      lt(lessons.startsAt, endOfBusinessDay(date, ctx.tz)),
    ),
    MAX_LESSONS,
  );
  const progress = rollCallProgress(ctx, today);
  const roles = rolesOf(actor);
  const low = lowHoursAccounts({
    ctx,
    input: {
      advisorId: roles.includes("advisor") ? actor.staffId : null,
      headTeacherId: roles.includes("head_teacher") ? actor.staffId : null,
      threshold,
      limit: LOW_HOURS_LIMIT,
    },
  });
  return {
    date,
    approvals: pendingTaskCounts({ ctx, input: { staffId: actor.staffId } }),
    todayLessons: today.map((l) => ({ ...l, rollCall: progress.get(l.id) ?? { students: 0, marked: 0, checkedIn: 0, done: false } })),
    lowHours: { ...low, threshold },
  };
}
