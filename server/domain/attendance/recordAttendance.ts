// The one attendance command. Roll call, the student's QR scan, a staff scan of the student's QR, the
// API and the after-class job all end here: one row per (lesson, student); the lesson's hours are taken
// from the account exactly once while the status deducts, and given back (a compensating ledger
// operation) when a later change says it should not. Each version of a row keys its ledger effects, so
// a retried or concurrent request never doubles a deduction.
// A student without enough hours is still recorded and owes them (欠课时), up to the institution's limit
// (`hoursOwedLessons` of the course's lessons; none on an overdraft course); the first debt of an episode
// opens the student's renewal follow-up for the advisor. Past the limit the mark is refused (an absence is then
// recorded without deduction). Automatic rows (channel `auto`, 自动记录·待确认) never deduct: a person
// marking the student later confirms them and deducts per the course. A make-up row stays a make-up when
// the student is then marked present or late, so its deduction decision (the leave may have deducted
// already) is kept.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/client";
import { prepared } from "../../db/prepared";
import { ATTENDANCE_CHANNELS, ATTENDANCE_STATUSES, attendance, attendanceEvents, ledgerOps, type Attendance, type AttendanceStatus } from "../../db/schema";
import { businessDate, monthDayTime } from "../../core/clock";
import { preconditionFailed, ServiceError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { isAdmin } from "../../../shared/permissions";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { consumeHours } from "../ledger/consumeHours";
import { findAccount, lotsOf, usableHours } from "../ledger/hourAccounts";
import { owedHoursOf, owedLimitOf } from "../ledger/hoursOwed";
import { reverseOp } from "../ledger/reverseOp";
import { isActiveStudentOfClass } from "../scheduling/enrollmentQueries";
import { getSettings } from "../settings/institutionSettings";
import { deducts } from "./attendanceRules";
import { ATTENDANCE_STATUS_LABELS } from "../../../shared/attendance";
import { lessonForAttendance, mayTakeAttendance, type LessonContext } from "./lessonForAttendance";
import { openRenewalNow } from "../serviceRules/openRenewalNow";
import { closeChurnOnReturn } from "../serviceRules/closeChurnOnReturn";

const DAY = 24 * 3600 * 1000;

/** recordAttendance: one student's status for one lesson, and how it was taken. */
export const recordAttendanceSchema = z.object({
  lessonId: idSchema,
  studentId: idSchema,
  status: z.enum(ATTENDANCE_STATUSES),
  channel: z.enum(ATTENDANCE_CHANNELS),
  /**
   * The lesson's hours were already taken elsewhere: a make-up (补课) for a leave that deducted. The row
   * records the fact without deducting (and gives back a deduction it still holds).
   */
  noDeduction: z.boolean().optional(),
});

export type AttendanceResult = {
  attendance: Attendance;
  /** The status before this command (null: first record). */
  previous: AttendanceStatus | null;
  /** False when the row already had this status: nothing was written. */
  changed: boolean;
  /** Hours left in the student's account for the course after this command (may be negative: owed). */
  balanceHours: number;
  /** An absence recorded without deduction because the account had no hours (or could owe no more). */
  hoursShort: boolean;
  /** Hours the account owes after this command (hundredths, ≥ 0). */
  owedHours: number;
};

/** Whether the student belongs in the lesson: an active enrolment in its class from on or before its date. */
export function isEnrolledFor(ctx: Ctx, lc: LessonContext, studentId: number): boolean {
  return isActiveStudentOfClass(ctx.db, lc.klass.id, studentId, businessDate(lc.lesson.startsAt, ctx.tz));
}

/** Hours the student can still use in the course now (expired hours not yet cleared do not count). */
export function balanceOf(ctx: Ctx, studentId: number, courseId: number): number {
  const account = findAccount(ctx.db, studentId, courseId);
  return account ? usableHours(lotsOf(ctx.db, account.id), ctx.clock.now()) : 0;
}

/** Hours the student owes in the course now (hundredths, ≥ 0). */
export function owedOf(ctx: Ctx, studentId: number, courseId: number): number {
  const account = findAccount(ctx.db, studentId, courseId);
  return account ? owedHoursOf(lotsOf(ctx.db, account.id)) : 0;
}

/** Present or late on a make-up row keeps it a make-up (the student came; the make-up decided the hours). */
function effectiveStatus(existing: Attendance | undefined, status: AttendanceStatus): AttendanceStatus {
  return existing?.status === "makeup" && (status === "present" || status === "late") ? "makeup" : status;
}

const p = <N extends string>(name: N) => sql.placeholder(name);

/** The attendance row of a student for a lesson, if any. */
export function findAttendance(db: DbOrTx, lessonId: number, studentId: number): Attendance | undefined {
  return prepared(db, "attendance.find", (db) =>
    db.select().from(attendance).where(and(eq(attendance.lessonId, p("lessonId")), eq(attendance.studentId, p("studentId")))).prepare(),
  ).get({ lessonId, studentId });
}

const who = { actorKind: p("actorKind"), actorId: p("actorId"), actorLabel: p("actorLabel") };
const insertRow = (db: DbOrTx) =>
  prepared(db, "attendance.insert", (db) =>
    db
      .insert(attendance)
      .values({ lessonId: p("lessonId"), studentId: p("studentId"), status: p("status"), channel: p("channel"), ...who, recordedAt: p("recordedAt"), createdAt: p("createdAt") })
      .returning()
      .prepare(),
  );
const changeRow = (db: DbOrTx) =>
  prepared(db, "attendance.change", (db) =>
    db
      .update(attendance)
      .set({
        status: sql`${p("status")}`,
        channel: sql`${p("channel")}`,
        actorKind: sql`${p("actorKind")}`,
        actorId: sql`${p("actorId")}`,
        actorLabel: sql`${p("actorLabel")}`,
        recordedAt: sql`${p("recordedAt")}`,
        version: sql`${p("version")}`,
      })
      .where(eq(attendance.id, p("id")))
      .returning()
      .prepare(),
  );
const setDeduction = (db: DbOrTx) =>
  prepared(db, "attendance.setDeduction", (db) =>
    db.update(attendance).set({ ledgerOpId: sql`${p("ledgerOpId")}` }).where(eq(attendance.id, p("id"))).returning().prepare(),
  );
const insertEvent = (db: DbOrTx) =>
  prepared(db, "attendance.insertEvent", (db) =>
    db
      .insert(attendanceEvents)
      .values({ attendanceId: p("attendanceId"), fromStatus: p("fromStatus"), toStatus: p("toStatus"), channel: p("channel"), actorLabel: p("actorLabel"), at: p("at") })
      .prepare(),
  );

/** The row's deduction if it still stands (it may have been corrected by hand in the ledger since). */
export function standingDeduction(ctx: Ctx, opId: number | null): number | null {
  if (opId === null) return null;
  const corrected = prepared(ctx.db, "attendance.correctionOf", (db) =>
    db.select({ id: ledgerOps.id }).from(ledgerOps).where(eq(ledgerOps.reversesOpId, sql.placeholder("opId"))).prepare(),
  ).get({ opId });
  return corrected ? null : opId;
}

/**
 * Records one student's attendance for one lesson, in one transaction. A caller that has loaded the
 * lesson already (check-in) passes it as `loaded`; the actor's right to take it is checked either way.
 */
export function recordAttendance({ ctx, input, loaded }: { ctx: Ctx; input: z.input<typeof recordAttendanceSchema>; loaded?: LessonContext }): AttendanceResult {
  if (ctx.actor.kind !== "system") requirePermission(ctx.actor, "attendance.write");
  const cmd = parseInput(recordAttendanceSchema, input);
  return inTransaction(ctx, (ctx) => {
    const lc = loaded?.lesson.id === cmd.lessonId && mayTakeAttendance(ctx, loaded) ? loaded : lessonForAttendance(ctx, cmd.lessonId);
    const { lesson, klass, course } = lc;
    if (lesson.status === "cancelled") throw preconditionFailed("该课次已取消，不能记录考勤");
    const existing = findAttendance(ctx.db, lesson.id, cmd.studentId);
    if (!existing && cmd.status !== "makeup" && !isEnrolledFor(ctx, lc, cmd.studentId)) {
      throw new ServiceError("PRECONDITION_FAILED", "该学员不在这节课的班级名单中", { reason: "not_enrolled" });
    }
    const balance = () => balanceOf(ctx, cmd.studentId, klass.courseId);
    const owed = () => owedOf(ctx, cmd.studentId, klass.courseId);
    const status = effectiveStatus(existing, cmd.status);
    // The same status again changes nothing, unless a person confirms an automatic row.
    const confirms = existing?.channel === "auto" && cmd.channel !== "auto";
    if (existing?.status === status && !confirms) {
      return { attendance: existing, previous: existing.status, changed: false, balanceHours: balance(), hoursShort: false, owedHours: owed() };
    }
    const now = ctx.clock.now();
    const { attendanceLockDays } = getSettings({ ctx });
    if (now > lesson.endsAt + attendanceLockDays * DAY && !isAdmin(ctx.actor)) {
      throw preconditionFailed(`课次结束已超过 ${attendanceLockDays} 天，考勤已锁定，请联系管理员修改`, { reason: "locked" });
    }
    const who = actorColumns(ctx.actor);
    const row = existing
      ? changeRow(ctx.db).get({ id: existing.id, status, channel: cmd.channel, ...who, recordedAt: now, version: existing.version + 1 })
      : insertRow(ctx.db).get({ lessonId: lesson.id, studentId: cmd.studentId, status, channel: cmd.channel, ...who, recordedAt: now, createdAt: now });
    insertEvent(ctx.db).run({ attendanceId: row.id, fromStatus: existing?.status ?? null, toStatus: status, channel: cmd.channel, actorLabel: who.actorLabel, at: now });

    const when = monthDayTime(lesson.startsAt, ctx.tz);
    let ledgerOpId = standingDeduction(ctx, row.ledgerOpId);
    let hoursShort = false;
    const shouldDeduct = deducts(status, course) && cmd.noDeduction !== true && cmd.channel !== "auto";
    if (shouldDeduct && ledgerOpId === null) {
      const owedBefore = owed();
      try {
        ledgerOpId = consumeHours(ctx, {
          studentId: cmd.studentId,
          courseId: klass.courseId,
          hours: course.hoursPerLesson,
          kind: status === "absent" ? "absence" : "attendance",
          course,
          owedLimit: owedLimitOf(ctx, course),
          key: `attendance:${row.id}:v${row.version}`,
          reason: `${klass.name} ${when} ${ATTENDANCE_STATUS_LABELS[status]}`,
          refType: "attendance",
          refId: row.id,
        }).id;
      } catch (err) {
        // An absence is a fact whatever the balance; a lesson attended needs hours (or hours owed).
        if (!(err instanceof ServiceError) || err.code !== "PRECONDITION_FAILED" || status !== "absent") throw err;
        hoursShort = true;
      }
      const owedAfter = owed();
      if (owedBefore === 0 && owedAfter > 0) openRenewalNow(ctx, { studentId: cmd.studentId, courseId: klass.courseId, trigger: "owing" });
    } else if (!shouldDeduct && ledgerOpId !== null) {
      reverseOp(ctx, { opId: ledgerOpId, reason: `${klass.name} ${when} 考勤改为${ATTENDANCE_STATUS_LABELS[status]}`, key: `attendance:${row.id}:v${row.version}:reverse` });
      ledgerOpId = null;
    }
    const saved = ledgerOpId === row.ledgerOpId ? row : setDeduction(ctx.db).get({ id: row.id, ledgerOpId });
    if (status === "present" || status === "late" || status === "makeup") closeChurnOnReturn(ctx, cmd.studentId);
    return { attendance: saved, previous: existing?.status ?? null, changed: true, balanceHours: balance(), hoursShort, owedHours: owed() };
  });
}
