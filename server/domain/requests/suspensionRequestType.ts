// 休学 on the approval engine (issue 6 point 5). Approval pauses the student:
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
import { and, desc, eq, gt, inArray, isNotNull, ne, or } from "drizzle-orm";
import { z } from "zod";
import { auditLog, enrollments, hourLots, type ApprovalInstanceRow } from "../../db/schema";
import { preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { changeStudentStatus } from "../students/changeStudentStatus";
import type { StudentDetail } from "../students/studentDetail";
import { dateSchema, idSchema, parseInput, textSchema } from "../../core/input";
import { registerRequestType, type RequestType, type TypedInstance } from "../workflow/requestTypes";
import { startApproval } from "../workflow/startApproval";
import { requireNoPendingRequest, studentNameOf, submittedWithKey, trimText } from "./requestFacts";

export const SUSPENSION_TYPE = "suspension";
const SUSPENDED_ACTION = "student.suspended";
const DAY_MS = 86_400_000;

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

export const suspensionRequestSchema = z.object({
  studentId: idSchema,
  fromDate: dateSchema,
  expectedResumeDate: dateSchema.optional(),
  reason: textSchema(500),
  requestKey: z.string().trim().min(8).max(100).optional(),
});
export type SuspensionRequestInput = z.input<typeof suspensionRequestSchema>;

export const resumeStudentSchema = z.object({ studentId: idSchema, reason: z.string().trim().max(500).optional() });

function suspend(ctx: Ctx, instance: TypedInstance<SuspensionFields>): void {
  const f = instance.fields;
  changeStudentStatus({ ctx, id: f.studentId, input: { status: "suspended", reason: trimText(`休学（审批 #${instance.id}）：${f.reason}`, 500) } });
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

registerRequestType(suspensionRequestType);

/** Submits a suspension request for an enrolled student (409 otherwise, or when one is pending). */
export function submitSuspensionRequest({ ctx, input }: { ctx: Ctx; input: SuspensionRequestInput }): ApprovalInstanceRow {
  requirePermission(ctx.actor, "students.write");
  const data = parseInput(suspensionRequestSchema, input);
  if (data.expectedResumeDate !== undefined && data.expectedResumeDate <= data.fromDate) {
    throw validationError([{ path: "expectedResumeDate", message: "预计复课日期应晚于休学开始日期" }]);
  }
  return inTransaction(ctx, (tx) => {
    const replay = submittedWithKey(tx, data.requestKey);
    const { requestKey, ...fields } = data;
    if (!replay) {
      const student = getStudentInScope(tx, data.studentId);
      if (student.status !== "enrolled") throw preconditionFailed("只有在读学员可以申请休学", { status: student.status });
      requireNoPendingRequest(tx, SUSPENSION_TYPE, data.studentId, "休学");
    }
    return startApproval({ ctx: tx, input: { type: SUSPENSION_TYPE, studentId: data.studentId, fields: (replay?.fields as Record<string, unknown> | undefined) ?? { ...fields }, requestKey } });
  });
}

/** The enrolments the latest approved suspension paused (a hand-made suspension paused none). */
function pausedEnrollmentIds(ctx: Ctx, studentId: number, since: number): number[] {
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

export type ResumeResult = { student: StudentDetail; suspendedAt: number; pausedMs: number; extendedLots: { lotId: number; from: number; to: number }[]; restoredEnrollmentIds: number[] };

/**
 * Ends a suspension (复课): academic affairs, principals and admins (classes.write). 409 when the
 * student is not suspended. Lots unexpired at the pause's start move on by the paused time.
 */
export function resumeStudent({ ctx, input }: { ctx: Ctx; input: z.input<typeof resumeStudentSchema> }): ResumeResult {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(resumeStudentSchema, input);
  return inTransaction(ctx, (tx) => {
    const current = getStudentInScope(tx, data.studentId);
    if (current.status !== "suspended") throw preconditionFailed("该学员不在休学中", { status: current.status });
    const now = tx.clock.now();
    const suspendedAt = current.statusChangedAt;
    const pausedMs = Math.max(0, now - suspendedAt);
    const student = changeStudentStatus({ ctx: tx, id: current.id, input: { status: "enrolled", reason: data.reason ?? "复课", version: current.version } });

    const lots = tx.db
      .select({ id: hourLots.id, expiresAt: hourLots.expiresAt })
      .from(hourLots)
      .where(
        and(
          eq(hourLots.studentId, current.id),
          ne(hourLots.kind, "overdraft"),
          isNotNull(hourLots.expiresAt),
          gt(hourLots.expiresAt, suspendedAt),
          or(gt(hourLots.remainingHours, 0), gt(hourLots.remainingFen, 0)),
        ),
      )
      .all();
    const extendedLots: ResumeResult["extendedLots"] = [];
    for (const lot of lots) {
      if (lot.expiresAt === null || pausedMs === 0) continue;
      const to = lot.expiresAt + pausedMs;
      tx.db.update(hourLots).set({ expiresAt: to }).where(eq(hourLots.id, lot.id)).run();
      recordAudit(tx, { action: "ledger.lot_extended", entityType: "hour_lot", entityId: lot.id, details: { studentId: current.id, from: lot.expiresAt, to, pausedMs, reason: "休学顺延" } });
      extendedLots.push({ lotId: lot.id, from: lot.expiresAt, to });
    }

    const ids = pausedEnrollmentIds(tx, current.id, suspendedAt);
    const restored =
      ids.length === 0
        ? []
        : tx.db
            .update(enrollments)
            .set({ status: "active", updatedAt: now })
            .where(and(inArray(enrollments.id, ids), eq(enrollments.status, "suspended")))
            .returning({ id: enrollments.id })
            .all()
            .map((r) => r.id);
    recordAudit(tx, {
      action: "student.resumed",
      entityType: "student",
      entityId: current.id,
      details: { suspendedAt, pausedDays: Math.round((pausedMs / DAY_MS) * 100) / 100, extendedLots: extendedLots.length, restoredEnrollmentIds: restored },
    });
    return { student, suspendedAt, pausedMs, extendedLots, restoredEnrollmentIds: restored };
  });
}

