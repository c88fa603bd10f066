// API JSON for attendance rows and the roll-call roster.
import type { Attendance, Lesson } from "../../db/schema";
import { businessDate, clockTime } from "../../core/clock";
import { ATTENDANCE_STATUS_LABELS as STATUS_LABELS } from "../../../shared/attendance";
import type { Roster } from "../../domain/attendance/getRollCall";
import { hoursText } from "../../../shared/money";

export const presentAttendance = (a: Attendance) => ({
  id: a.id,
  lessonId: a.lessonId,
  studentId: a.studentId,
  status: a.status,
  channel: a.channel,
  recordedBy: a.actorLabel,
  recordedAt: a.recordedAt,
  deducted: a.ledgerOpId !== null,
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

export const presentRoster = (r: Roster) => ({
  lesson: presentLessonBrief(r.lesson, r.klass.name, r.course.name, r.course.hoursPerLesson),
  students: r.entries.map((e) => ({
    studentId: e.studentId,
    name: e.name,
    enrolled: e.enrolled,
    status: e.attendance?.status ?? null,
    attendance: e.attendance ? presentAttendance(e.attendance) : null,
    balanceHours: e.balanceHours,
    balanceHoursText: hoursText(e.balanceHours),
  })),
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
