// API JSON for the mini-app's home page (工作台): pending approvals by type, today's lessons with roll-call
// progress, students running low on hours (hours as integers and as text), and the blocks of each role
// the person holds (`work`; money in fen, dates YYYY-MM-DD, lessons as everywhere else).
import type { HomeSummary, RoleWork } from "../../domain/home/homeSummary";
import type { LowHoursAccount } from "../../domain/ledger/lowHoursAccounts";
import { presentLesson } from "./lessonPresenter";
import { hoursText } from "../../../shared/money";

/** One student's course running low. */
export const presentLowHoursAccount = (a: LowHoursAccount) => ({
  accountId: a.accountId,
  studentId: a.studentId,
  studentName: a.studentName,
  courseId: a.courseId,
  courseName: a.courseName,
  remainingHours: a.remainingHours,
  remainingHoursText: hoursText(a.remainingHours),
  nextExpiresAt: a.nextExpiresAt,
});
export type LowHoursAccountJson = ReturnType<typeof presentLowHoursAccount>;

/** The role blocks: as the domain gives them, with the lessons in their usual JSON form. */
const presentWork = (w: RoleWork, tz: string) => ({
  ...w,
  academic: w.academic && {
    ...w.academic,
    unmarkedLessons: {
      total: w.academic.unmarkedLessons.total,
      items: w.academic.unmarkedLessons.items.map((l) => ({ ...presentLesson(l, tz), students: l.students })),
    },
  },
});

export const presentHome = (h: HomeSummary, tz: string) => ({
  date: h.date,
  approvals: { pendingTotal: h.approvals.total, byType: h.approvals.byType },
  todayLessons: h.todayLessons.map((l) => ({ ...presentLesson(l, tz), rollCall: l.rollCall })),
  lowHours: {
    threshold: h.lowHours.threshold,
    thresholdText: hoursText(h.lowHours.threshold),
    total: h.lowHours.total,
    items: h.lowHours.items.map(presentLowHoursAccount),
  },
  work: presentWork(h.work, tz),
});
export type HomeJson = ReturnType<typeof presentHome>;
