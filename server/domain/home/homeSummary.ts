// The home page (工作台) of the mini-app, for the signed-in staff member: approval tasks waiting for them,
// the lessons they teach today with how far roll call has got, for advisors and head teachers their
// students running low on hours, and one block of work per other role they hold (`work`): academic
// affairs the lessons 未点名 and make-ups to arrange, finance refunds 待打款 and overdue installments,
// the principal today's attendance and this week's approvals, customer service the follow-ups due, the
// admin the dead letters, staff without a platform account and DingTalk's monthly quota once 80% is
// used. A part that does not apply is empty (`work` has only the roles held); every block is within the
// person's scope and lists a few rows.
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
import { deadLettersBlock, platformQuotaBlock, refusedClicksBlock, staffWithoutAccountBlock, type StaffWithoutAccount } from "./adminBlocks";
import { overdueInstallmentsBlock, pendingPayoutsBlock, type OverdueOrderRow } from "./financeBlocks";
import { followupsDueBlock, type FollowupDue } from "./followupsDueBlock";
import type { HomeList } from "./homeList";
import { ticketsNearBreachBlock, type TicketNearBreach } from "./ticketsNearBreachBlock";
import { followupTasksBlock, type FollowupTasksWork } from "./followupTasksBlock";
import type { PendingPayout } from "../refunds/pendingPayouts";
import { pendingMakeupsBlock, type PendingMakeup } from "./pendingMakeupsBlock";
import { todayAttendanceBlock, weekApprovalsBlock, type TodayAttendance, type WeekApprovals } from "./principalBlocks";
import { unmarkedLessonsBlock, type UnmarkedLesson } from "./unmarkedLessonsBlock";
import type { Role } from "../../../shared/roles";

/** The most low-hours rows the home page lists (the total says how many there are). */
const LOW_HOURS_LIMIT = 20;
/** More lessons than anyone teaches in a day. */
const MAX_LESSONS = 50;

/** The blocks of the roles that have their own, present only for the roles the person holds. */
export type RoleWork = {
  /** Customer service and principals: tickets near or past an SLA due time. */
  tickets?: { nearBreach: HomeList<TicketNearBreach> };
  /** Advisors their open renewals (run-out dates); head teachers their 回访 and churn warnings. */
  followups?: FollowupTasksWork;
  academic?: { unmarkedLessons: HomeList<UnmarkedLesson>; pendingMakeups: HomeList<PendingMakeup> };
  finance?: { pendingPayouts: HomeList<PendingPayout>; overdueInstallments: HomeList<OverdueOrderRow> };
  principal?: { todayAttendance: TodayAttendance; weekApprovals: WeekApprovals };
  service?: { followupsDue: HomeList<FollowupDue> };
  admin?: { deadLetters: { total: number }; staffWithoutAccount: HomeList<StaffWithoutAccount>; platformQuota: ReturnType<typeof platformQuotaBlock>; refusedClicks: ReturnType<typeof refusedClicksBlock> };
};

function roleWork(ctx: Ctx, roles: readonly Role[]): RoleWork {
  const has = (role: Role) => roles.includes(role);
  return {
    ...(has("service") || has("principal") ? { tickets: { nearBreach: ticketsNearBreachBlock(ctx) } } : {}),
    ...(has("advisor") || has("head_teacher") ? { followups: followupTasksBlock(ctx, roles) } : {}),
    ...(has("academic") ? { academic: { unmarkedLessons: unmarkedLessonsBlock(ctx), pendingMakeups: pendingMakeupsBlock(ctx) } } : {}),
    ...(has("finance") ? { finance: { pendingPayouts: pendingPayoutsBlock(ctx), overdueInstallments: overdueInstallmentsBlock(ctx) } } : {}),
    ...(has("principal") ? { principal: { todayAttendance: todayAttendanceBlock(ctx), weekApprovals: weekApprovalsBlock(ctx) } } : {}),
    ...(has("service") ? { service: { followupsDue: followupsDueBlock(ctx) } } : {}),
    ...(has("admin") ? { admin: { deadLetters: deadLettersBlock(ctx), staffWithoutAccount: staffWithoutAccountBlock(ctx), platformQuota: platformQuotaBlock(ctx), refusedClicks: refusedClicksBlock(ctx) } } : {}),
  };
}

export type HomeSummary = {
  /** Today's business date. */
  date: string;
  approvals: PendingTaskCounts;
  todayLessons: (LessonView & { rollCall: RollCallProgress })[];
  lowHours: LowHoursPage & { threshold: number };
  work: RoleWork;
};

export function homeSummary({ ctx }: { ctx: Ctx }): HomeSummary {
  const now = ctx.clock.now();
  const date = businessDate(now, ctx.tz);
  const threshold = getSettings({ ctx }).lowHoursThreshold;
  const actor = ctx.actor;
  if (actor.kind !== "staff") {
    return { date, approvals: { total: 0, byType: [] }, todayLessons: [], lowHours: { total: 0, items: [], threshold }, work: {} };
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
    todayLessons: today.map((l) => ({ ...l, rollCall: progress.get(l.id) ?? { students: 0, marked: 0, automatic: 0, checkedIn: 0, done: false } })),
    lowHours: { ...low, threshold },
    work: roleWork(ctx, roles),
  };
}
