// Ending the enrolments an effect has emptied. When a refund or a transfer out (the family's own
// decisions) leaves a student's account of a course with nothing usable (no unexpired hours or value)
// and nothing owed, their enrolments in that course's classes end: status `finished` (refund) or
// `transferred` (transfer out), endDate = today in the business time zone, so rosters of lessons up to
// today still show them and later lessons do not (enrollmentQueries reads endDate). When that leaves
// the student with no enrolment in progress and nothing usable in any account, an enrolled or
// suspended student becomes 已结课 (finished), with its dated history row. Runs inside the caller's
// transaction, after the caller has checked who may do the effect.
import { and, eq, inArray } from "drizzle-orm";
import { businessDate } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { classes, enrollments, hourAccounts, students, type HourLot } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { findAccount, lotsOf } from "../ledger/hourAccounts";
import { moveStudentStatus } from "../students/moveStudentStatus";

// Expiry ends nothing: a month card that ran out is usually renewed, and a child who keeps coming stays
// on the roster (owing hours within the limit) while the advisor is reminded.
export type EndedBy = "refund" | "transfer";

const ENDED_STATUS = { refund: "finished", transfer: "transferred" } as const;
const REASON_TEXT: Record<EndedBy, string> = {
  refund: "退费后没有剩余课时，结课",
  transfer: "转出后没有剩余课时，结课",
};

/** Whether lots leave nothing to use (no unexpired hours or value) and nothing owed. */
export function lotsSpent(lots: HourLot[], now: number): boolean {
  return lots.every((l) =>
    l.kind === "overdraft" ? l.remainingHours >= 0 : (l.expiresAt !== null && l.expiresAt <= now) || (l.remainingHours <= 0 && l.remainingFen <= 0),
  );
}

/** Whether the student's account of the course is spent (no account: nothing to use either). */
export function courseAccountSpent(ctx: Ctx, studentId: number, courseId: number): boolean {
  const account = findAccount(ctx.db, studentId, courseId);
  return !account || lotsSpent(lotsOf(ctx.db, account.id), ctx.clock.now());
}

export type EndedEnrollments = { enrollmentIds: number[]; studentFinished: boolean };

/**
 * Ends the student's enrolments (active or paused) in classes of each course whose account is now
 * spent; then finishes the student when nothing is left anywhere. Safe to repeat: an ended enrolment
 * is not ended again, and a finished student is not moved again.
 */
export function endEmptiedEnrollments(ctx: Ctx, input: { studentId: number; courseIds: number[]; by: EndedBy; ref?: Record<string, unknown> }): EndedEnrollments {
  const spent = [...new Set(input.courseIds)].filter((courseId) => courseAccountSpent(ctx, input.studentId, courseId));
  if (spent.length === 0) return { enrollmentIds: [], studentFinished: false };
  const now = ctx.clock.now();
  const classIds = ctx.db.select({ id: classes.id }).from(classes).where(inArray(classes.courseId, spent)).all().map((c) => c.id);
  const ended =
    classIds.length === 0
      ? []
      : ctx.db
          .update(enrollments)
          .set({ status: ENDED_STATUS[input.by], endDate: businessDate(now, ctx.tz), updatedAt: now })
          .where(and(eq(enrollments.studentId, input.studentId), inArray(enrollments.classId, classIds), inArray(enrollments.status, ["active", "suspended"])))
          .returning({ id: enrollments.id })
          .all()
          .map((r) => r.id);
  const studentFinished = finishStudentIfDone(ctx, input.studentId, REASON_TEXT[input.by]);
  if (ended.length > 0 || studentFinished) {
    recordAudit(ctx, {
      action: "student.enrollments_ended",
      entityType: "student",
      entityId: input.studentId,
      details: { by: input.by, courseIds: spent, enrollmentIds: ended, studentFinished, ...input.ref },
    });
  }
  return { enrollmentIds: ended, studentFinished };
}

/** Enrolled or suspended, with no enrolment in progress and every account spent: the student is finished. */
function finishStudentIfDone(ctx: Ctx, studentId: number, reason: string): boolean {
  const student = ctx.db.select().from(students).where(eq(students.id, studentId)).get();
  if (!student || (student.status !== "enrolled" && student.status !== "suspended")) return false;
  const inProgress = ctx.db
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), inArray(enrollments.status, ["active", "suspended"])))
    .get();
  if (inProgress) return false;
  const now = ctx.clock.now();
  const accounts = ctx.db.select({ id: hourAccounts.id }).from(hourAccounts).where(eq(hourAccounts.studentId, studentId)).all();
  if (!accounts.every((a) => lotsSpent(lotsOf(ctx.db, a.id), now))) return false;
  moveStudentStatus(ctx, student, "finished", reason);
  return true;
}
