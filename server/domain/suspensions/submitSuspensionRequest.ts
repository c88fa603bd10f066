// Submitting a suspension request (休学): dates and reason; the flow decides, the type's effect suspends.
import { z } from "zod";
import type { ApprovalInstanceRow } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { conflict, preconditionFailed, validationError, type FieldIssue } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { dateSchema, idSchema, parseInput, textSchema } from "../../core/input";
import { startApproval } from "../workflow/startApproval";
import { requireNoPendingRequest, submittedWithKey } from "../workflow/requestFacts";
import { scheduledSuspensionOf } from "./applySuspension";
import { DAY_MS, SUSPENSION_TYPE } from "./suspensionFields";

export const suspensionRequestSchema = z.object({
  studentId: idSchema,
  fromDate: dateSchema,
  expectedResumeDate: dateSchema.optional(),
  reason: textSchema(500),
  requestKey: z.string().trim().min(8).max(100).optional(),
});

export type SuspensionRequestInput = z.input<typeof suspensionRequestSchema>;

/** How far back a suspension may start (a family tells the school late, not months late). */
export const SUSPENSION_BACKDATE_DAYS = 30;
/** How far ahead it may be planned. */
export const SUSPENSION_AHEAD_DAYS = 365;

/** The date issues of a request for this student (by the business calendar): none when the dates make sense. */
function dateIssues(ctx: Ctx, student: { createdAt: number }, data: { fromDate: string; expectedResumeDate?: string }): FieldIssue[] {
  const now = ctx.clock.now();
  const created = businessDate(student.createdAt, ctx.tz);
  const earliest = businessDate(now - SUSPENSION_BACKDATE_DAYS * DAY_MS, ctx.tz);
  const latest = businessDate(now + SUSPENSION_AHEAD_DAYS * DAY_MS, ctx.tz);
  const issues: FieldIssue[] = [];
  if (data.fromDate < created) issues.push({ path: "fromDate", message: `休学开始日期不能早于建档日期 ${created}` });
  else if (data.fromDate < earliest) issues.push({ path: "fromDate", message: `休学开始日期最早为 ${SUSPENSION_BACKDATE_DAYS} 天前（${earliest}）` });
  else if (data.fromDate > latest) issues.push({ path: "fromDate", message: `休学开始日期最晚为一年内（${latest}）` });
  if (data.expectedResumeDate !== undefined && data.expectedResumeDate <= data.fromDate) {
    issues.push({ path: "expectedResumeDate", message: "预计复课日期应晚于休学开始日期" });
  }
  return issues;
}

/**
 * Submits a suspension request for an enrolled student: 409 otherwise, or when one is pending or
 * approved for a later date; 400 naming the field when a date is before the student's 建档日期, more
 * than 30 days back, more than a year ahead, or the expected resume date is not after the start.
 */
export function submitSuspensionRequest({ ctx, input }: { ctx: Ctx; input: SuspensionRequestInput }): ApprovalInstanceRow {
  requirePermission(ctx.actor, "students.write");
  const data = parseInput(suspensionRequestSchema, input);
  return inTransaction(ctx, (tx) => {
    const replay = submittedWithKey(tx, data.requestKey);
    const { requestKey, ...fields } = data;
    if (!replay) {
      const student = getStudentInScope(tx, data.studentId);
      const issues = dateIssues(tx, student, data);
      if (issues.length > 0) throw validationError(issues);
      if (student.status !== "enrolled") throw preconditionFailed("只有在读学员可以申请休学", { status: student.status });
      requireNoPendingRequest(tx, SUSPENSION_TYPE, data.studentId, "休学");
      const scheduled = scheduledSuspensionOf(tx, data.studentId);
      if (scheduled) throw conflict(`该学员已有休学将于 ${scheduled.fromDate} 生效`, { instanceId: scheduled.instanceId, fromDate: scheduled.fromDate });
    }
    return startApproval({ ctx: tx, input: { type: SUSPENSION_TYPE, studentId: data.studentId, fields: (replay?.fields as Record<string, unknown> | undefined) ?? { ...fields }, requestKey } });
  });
}
