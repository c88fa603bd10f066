// API JSON for attendance rows and the roll-call roster.
import type { Attendance, Lesson } from "../../db/schema";
import { businessDate, clockTime } from "../../core/clock";
import { ATTENDANCE_STATUS_LABELS as STATUS_LABELS } from "../../../shared/attendance";
import type { Roster } from "../../domain/attendance/getRollCall";
import { formatHours, hoursText } from "../../../shared/money";
import type { UnsavedMark } from "../../domain/attendance/submitRollCall";
import { displayActorLabel } from "../../../shared/actorLabels";

export const presentAttendance = (a: Attendance) => ({
  id: a.id,
  lessonId: a.lessonId,
  studentId: a.studentId,
  status: a.status,
  channel: a.channel,
  recordedBy: displayActorLabel(a.actorLabel),
  recordedAt: a.recordedAt,
  deducted: a.ledgerOpId !== null,
  /** Written by the after-class job (自动记录·待确认): not a roll call, nothing deducted until a person confirms. */
  automatic: a.channel === "auto",
  ledgerOpId: a.ledgerOpId,
  version: a.version,
});
export type AttendanceJson = ReturnType<typeof presentAttendance>;

const presentLessonBrief = (l: Lesson, className: string, courseName: string, hoursPerLesson: number) => ({
  id: l.id,
  classId: l.classId,
  className,
  courseName,
  startsAt: l.startsAt,
  endsAt: l.endsAt,
  status: l.status,
  hoursPerLesson,
  hoursPerLessonText: hoursText(hoursPerLesson),
});

export const presentRoster = (r: Roster, notSaved: UnsavedMark[] = []) => ({
  lesson: presentLessonBrief(r.lesson, r.klass.name, r.course.name, r.course.hoursPerLesson),
  /** The most a student may owe in this course (null: no limit), and as people read it. */
  owedLimit: r.owedLimit,
  owedLimitText: r.owedLimit === null ? null : formatHours(r.owedLimit),
  students: r.entries.map((e) => ({
    studentId: e.studentId,
    name: e.name,
    enrolled: e.enrolled,
    status: e.attendance?.status ?? null,
    attendance: e.attendance ? presentAttendance(e.attendance) : null,
    balanceHours: e.balanceHours,
    balanceHoursText: hoursText(e.balanceHours),
    /** "1.50 课时" or "欠 2.00 课时". */
    balanceLabel: formatHours(e.balanceHours),
    owedHours: e.owedHours,
    /** What marking them present would add to the debt (0: nothing), and whether that is refused. */
    wouldOweHours: e.wouldOweHours,
    overLimit: e.overLimit,
  })),
  /** After a save: the marks that were not saved, and why (the others were). */
  notSaved: notSaved.map((m) => ({ studentId: m.studentId, name: m.name, status: m.status, reason: m.reason, message: m.message })),
});
export type RosterJson = ReturnType<typeof presentRoster>;

/** One lesson of a student's attendance history; `date` and `startTime` are local to `tz` (the calendar's day). */
export const presentAttendanceHistoryItem = (r: { attendance: Attendance; lesson: Lesson; className: string }, tz: string) => ({
  ...presentAttendance(r.attendance),
  statusLabel: STATUS_LABELS[r.attendance.status],
  className: r.className,
  startsAt: r.lesson.startsAt,
  endsAt: r.lesson.endsAt,
  date: businessDate(r.lesson.startsAt, tz),
  startTime: clockTime(r.lesson.startsAt, tz),
});
export type AttendanceHistoryItemJson = ReturnType<typeof presentAttendanceHistoryItem>;
