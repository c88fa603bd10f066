// 休学 on the approval engine. Approval pauses the student:
//   - status enrolled → suspended through the lifecycle verb (changeStudentStatus, as the approver),
//     which dates the change in student_status_changes: that date is when the pause began;
//   - their active enrolments become `suspended`, so no lesson counts them (roll call, check-in,
//     conflicts); markAbsences also skips suspended students outright;
//   - lot expiry stops: expireLots skips suspended students' lots.
// resumeStudent ends the pause: status back to enrolled, the enrolments this suspension paused active
// again, and every lot that was still unexpired when the pause began gets its expiresAt moved on by
// the paused duration (each move an audit row `ledger.lot_extended` with the old and new instant).
// The change takes effect at approval, not at `fromDate` (which is the date the family asked for and is
// shown to approvers); lessons before approval are not touched.
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { auditLog, enrollments } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import type { Ctx } from "../../core/context";
import { changeStudentStatus } from "../students/changeStudentStatus";
import { dateSchema, idSchema, textSchema } from "../../core/input";
import type { RequestType, TypedInstance } from "../workflow/requestType";
import { studentNameOf, trimText } from "../workflow/requestFacts";

export const SUSPENSION_TYPE = "suspension";
const SUSPENDED_ACTION = "student.suspended";
export const DAY_MS = 86_400_000;

export const suspensionFieldsSchema = z
  .object({
    studentId: idSchema,
    fromDate: dateSchema,
    expectedResumeDate: dateSchema.optional(),
    reason: textSchema(500),
  })
  .refine((f) => f.expectedResumeDate === undefined || f.expectedResumeDate > f.fromDate, {
    path: ["expectedResumeDate"],
    message: "预计复课日期应晚于休学开始日期",
  });
export type SuspensionFields = z.output<typeof suspensionFieldsSchema>;

function suspend(ctx: Ctx, instance: TypedInstance<SuspensionFields>): void {
  const f = instance.fields;
  changeStudentStatus({ ctx, input: { id: f.studentId, status: "suspended", reason: trimText(`休学（审批 #${instance.id}）：${f.reason}`, 500) } });
  const paused = ctx.db
    .update(enrollments)
    .set({ status: "suspended", updatedAt: ctx.clock.now() })
    .where(and(eq(enrollments.studentId, f.studentId), eq(enrollments.status, "active")))
    .returning({ id: enrollments.id, classId: enrollments.classId })
    .all();
  recordAudit(ctx, {
    action: SUSPENDED_ACTION,
    entityType: "student",
    entityId: f.studentId,
    details: { instanceId: instance.id, fromDate: f.fromDate, expectedResumeDate: f.expectedResumeDate ?? null, enrollmentIds: paused.map((e) => e.id) },
  });
}

export const suspensionRequestType: RequestType<SuspensionFields> = {
  type: SUSPENSION_TYPE,
  label: "休学",
  submitPath: "/api/v1/suspension-requests",
  fieldsSchema: suspensionFieldsSchema,
  conditionFields: [],
  requestPermission: "students.write",
  describe: (ctx, instance) => {
    const f = instance.fields;
    return {
      title: `休学 · 自 ${f.fromDate}`,
      rows: [
        { key: "学员", value: studentNameOf(ctx, f.studentId) },
        { key: "休学", value: `自 ${f.fromDate}${f.expectedResumeDate ? ` 至 ${f.expectedResumeDate}（预计）` : "，复课日期待定"}` },
        { key: "期间", value: "停课、不计缺勤、课时有效期顺延" },
        { key: "事由", value: trimText(f.reason, 120) },
      ],
    };
  },
  onApproved: suspend,
};


/** The enrolments the latest approved suspension paused (a hand-made suspension paused none). */
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
