// Putting an approved suspension (休学) into effect, on its fromDate:
//   - approved on or after fromDate (business time zone): at once, in the approval's transaction;
//   - approved before: the instance is marked `scheduled` and the student stays 在读 (the profile shows
//     休学（自 12月20日 起）); applyDueSuspensions (the scheduled-effects job) applies it on that date.
//     Safe to repeat: an applied instance is no longer `scheduled`. A student no longer 在读 by then
//     (finished, refunded, lost) is not suspended: the instance is marked skipped, with an audit row.
// Applying pauses the student: status enrolled → suspended (dated in student_status_changes: the
// pause's start), active enrolments `suspended` (on no roster), lot expiry stopped (expireLots skips
// suspended students). resumeStudent ends the pause.
import { and, desc, eq, sql } from "drizzle-orm";
import { businessDate } from "../../core/clock";
import { inTransaction, type Ctx } from "../../core/context";
import { ServiceError } from "../../core/errors";
import { approvalInstances, auditLog, enrollments, students } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { moveStudentStatus } from "../students/moveStudentStatus";
import { trimText } from "../workflow/requestFacts";
import { STUDENT_STATUS_LABELS } from "../../../shared/students";
import { SUSPENSION_TYPE, type SuspensionFields, type SuspensionState } from "./suspensionFields";

const SUSPENDED_ACTION = "student.suspended";

type SuspensionInstance = { id: number; fields: SuspensionFields & SuspensionState };

function writeState(ctx: Ctx, instance: SuspensionInstance, state: SuspensionState): void {
  ctx.db
    .update(approvalInstances)
    .set({ fields: { ...instance.fields, ...state }, updatedAt: ctx.clock.now(), version: sql`${approvalInstances.version} + 1` })
    .where(eq(approvalInstances.id, instance.id))
    .run();
}

/** The effect of the final approval: applied now when fromDate has come, otherwise scheduled for it. */
export function suspendOrSchedule(ctx: Ctx, instance: SuspensionInstance): void {
  const f = instance.fields;
  if (f.fromDate > businessDate(ctx.clock.now(), ctx.tz)) {
    writeState(ctx, instance, { scheduled: true });
    recordAudit(ctx, { action: "student.suspension_scheduled", entityType: "student", entityId: f.studentId, details: { instanceId: instance.id, fromDate: f.fromDate } });
    return;
  }
  applySuspension(ctx, instance);
}

function applySuspension(ctx: Ctx, instance: SuspensionInstance): void {
  const f = instance.fields;
  const student = ctx.db.select().from(students).where(eq(students.id, f.studentId)).get();
  if (!student) throw new ServiceError("NOT_FOUND", "学员不存在");
  moveStudentStatus(ctx, student, "suspended", trimText(`休学（审批 #${instance.id}）：${f.reason}`, 500));
  const now = ctx.clock.now();
  const paused = ctx.db
    .update(enrollments)
    .set({ status: "suspended", updatedAt: now })
    .where(and(eq(enrollments.studentId, f.studentId), eq(enrollments.status, "active")))
    .returning({ id: enrollments.id })
    .all();
  recordAudit(ctx, {
    action: SUSPENDED_ACTION,
    entityType: "student",
    entityId: f.studentId,
    details: { instanceId: instance.id, fromDate: f.fromDate, expectedResumeDate: f.expectedResumeDate ?? null, enrollmentIds: paused.map((e) => e.id) },
  });
  writeState(ctx, instance, { scheduled: false, appliedAt: now });
}

/** Approved suspensions still waiting for their fromDate (the student's, or everyone's). */
function scheduledSuspensions(ctx: Ctx, studentId?: number): SuspensionInstance[] {
  return ctx.db
    .select({ id: approvalInstances.id, fields: approvalInstances.fields })
    .from(approvalInstances)
    .where(
      and(
        eq(approvalInstances.type, SUSPENSION_TYPE),
        eq(approvalInstances.status, "approved"),
        studentId === undefined ? undefined : eq(approvalInstances.studentId, studentId),
        sql`json_extract(${approvalInstances.fields}, '$.scheduled') = 1`,
      ),
    )
    .orderBy(approvalInstances.id)
    .all() as SuspensionInstance[];
}

export type ScheduledSuspension = { instanceId: number; fromDate: string; expectedResumeDate: string | null };

/** The student's suspension approved for a later date, if any (what the profile shows meanwhile). */
export function scheduledSuspensionOf(ctx: Ctx, studentId: number): ScheduledSuspension | null {
  const [next] = scheduledSuspensions(ctx, studentId);
  return next ? { instanceId: next.id, fromDate: next.fields.fromDate, expectedResumeDate: next.fields.expectedResumeDate ?? null } : null;
}

/** Applies every scheduled suspension whose fromDate has come (each in its own transaction). */
export function applyDueSuspensions({ ctx }: { ctx: Ctx }): { applied: number; skipped: number } {
  const today = businessDate(ctx.clock.now(), ctx.tz);
  let applied = 0;
  let skipped = 0;
  for (const instance of scheduledSuspensions(ctx).filter((i) => i.fields.fromDate <= today)) {
    inTransaction(ctx, (tx) => {
      const status = tx.db.select({ status: students.status }).from(students).where(eq(students.id, instance.fields.studentId)).get()?.status;
      if (status === "enrolled") {
        applySuspension(tx, instance);
        applied++;
        return;
      }
      writeState(tx, instance, { scheduled: false, skipped: `到休学开始日期时学员${status ? `已是“${STUDENT_STATUS_LABELS[status]}”` : "已不存在"}，未休学` });
      recordAudit(tx, { action: "student.suspension_skipped", entityType: "student", entityId: instance.fields.studentId, details: { instanceId: instance.id, status: status ?? null } });
      skipped++;
    });
  }
  return { applied, skipped };
}

/** The enrolments the latest applied suspension paused (a hand-made suspension paused none). */
export function pausedEnrollmentIds(ctx: Ctx, studentId: number, since: number): number[] {
  const row = ctx.db
    .select({ details: auditLog.details, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "student"), eq(auditLog.entityId, studentId), eq(auditLog.action, SUSPENDED_ACTION)))
    .orderBy(desc(auditLog.id))
    .get();
  if (!row || row.at < since) return [];
  const details = JSON.parse(row.details) as { enrollmentIds?: unknown };
  return Array.isArray(details.enrollmentIds) ? details.enrollmentIds.filter((v): v is number => typeof v === "number") : [];
}
