// The check-in rules shared by the student's own scan and a staff scan, in front of the one attendance
// command: the lesson must be on, the student on its roster and the window open; a student already
// checked in is told when, and nothing is deducted again; no hours left is refused unless the course
// allows overdraft (then the debt shows). Runs in one transaction, so concurrent scans of the same
// student serialize: the first records, the others see its row.
import { eq, sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import { students, type Attendance, type AttendanceChannel } from "../../db/schema";
import { conflict, notFound, preconditionFailed, ServiceError } from "../../core/errors";
import { balanceOf, findAttendance, isEnrolledFor, recordAttendance, type AttendanceResult } from "../attendance/recordAttendance";
import type { LessonContext } from "../attendance/lessonForAttendance";
import { inTransaction, type Ctx } from "../../core/context";
import { checkinWindow, windowPosition } from "./checkinWindow";
import type { BoundStudent } from "./devices";
import { clockText, whenText } from "./timeText";

/** Statuses that already count as "came to the lesson": a new scan changes nothing. */
const ATTENDED: readonly string[] = ["present", "late", "makeup"];

export type CheckinOutcome = LessonContext & {
  student: BoundStudent;
  attendance: Attendance;
  status: "present" | "late";
  /** Hours left for the course after the deduction (hundredths; negative = owed under overdraft). */
  balanceHours: number;
};

/** The refusal for a student who already has an attended record: when, and that nothing more is taken. */
export function alreadyCheckedIn(ctx: Ctx, student: BoundStudent, row: Attendance): ServiceError {
  return conflict(`${student.name} 已于 ${clockText(row.recordedAt, ctx.tz)} 签到，不会重复扣课时`, {
    reason: "already_checked_in",
    status: row.status,
    checkedInAt: row.recordedAt,
  });
}

/** The ledger's "not enough hours" refusal. */
const isShortOfHours = (err: unknown) =>
  err instanceof ServiceError && err.code === "PRECONDITION_FAILED" && err.details?.reason === "no_hours";

/** Checks the student into the lesson now with `ctx.actor` (the system for a self scan, staff for a staff scan). */
export function checkInStudent(ctx: Ctx, lc: LessonContext, studentId: number, channel: AttendanceChannel): CheckinOutcome {
  return inTransaction(ctx, (tx) => {
    const { lesson, klass, course } = lc;
    const now = tx.clock.now();
    const student = prepared(tx.db, "checkin.studentName", (db) =>
      db.select({ id: students.id, name: students.name }).from(students).where(eq(students.id, sql.placeholder("id"))).prepare(),
    ).get({ id: studentId });
    if (!student) throw notFound("学员");
    if (lesson.status === "cancelled") throw preconditionFailed("这节课已取消，无需签到", { reason: "cancelled" });
    const existing = findAttendance(tx.db, lesson.id, studentId);
    if (existing && ATTENDED.includes(existing.status)) throw alreadyCheckedIn(tx, student, existing);
    if (!existing && !isEnrolledFor(tx, lc, studentId)) {
      throw preconditionFailed(`${student.name} 不在这节课（${klass.name}）的学员名单中，请找老师确认`, { reason: "not_enrolled" });
    }
    const window = checkinWindow(lesson, course);
    const position = windowPosition(window, now);
    if (position === "not_open") {
      throw preconditionFailed(`还没到签到时间，${whenText(window.opensAt, now, tx.tz)} 开始签到`, { reason: "not_open", opensAt: window.opensAt });
    }
    if (position === "closed") {
      throw preconditionFailed(`签到已于 ${whenText(window.closesAt, now, tx.tz)} 截止，请找老师点名`, { reason: "closed", closesAt: window.closesAt });
    }
    if (existing?.status === "leave") {
      throw preconditionFailed(`${student.name} 这节课已登记请假；如果已经到了教室，请找老师改为出勤`, { reason: "on_leave" });
    }
    let result: AttendanceResult;
    try {
      result = recordAttendance({ ctx: tx, input: { lessonId: lesson.id, studentId, status: position, channel }, loaded: lc });
    } catch (err) {
      if (!isShortOfHours(err)) throw err;
      throw preconditionFailed(`${student.name} 的「${course.name}」课时已用完，无法签到，请联系课程顾问续费`, {
        reason: "no_hours",
        studentId,
        courseId: klass.courseId,
        balanceHours: balanceOf(tx, studentId, klass.courseId),
        neededHours: course.hoursPerLesson,
      });
    }
    if (!result.changed) throw alreadyCheckedIn(tx, student, result.attendance);
    return { ...lc, student, attendance: result.attendance, status: position, balanceHours: result.balanceHours };
  });
}
