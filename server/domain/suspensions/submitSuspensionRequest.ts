// Submitting a suspension request (休学): dates and reason; the flow decides, the type's effect suspends.
import { z } from "zod";
import type { ApprovalInstanceRow } from "../../db/schema";
import { preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { dateSchema, idSchema, parseInput, textSchema } from "../../core/input";
import { startApproval } from "../workflow/startApproval";
import { requireNoPendingRequest, submittedWithKey } from "../workflow/requestFacts";
import { SUSPENSION_TYPE } from "./suspensionRequestType";

export const suspensionRequestSchema = z.object({
  studentId: idSchema,
  fromDate: dateSchema,
  expectedResumeDate: dateSchema.optional(),
  reason: textSchema(500),
  requestKey: z.string().trim().min(8).max(100).optional(),
});

export type SuspensionRequestInput = z.input<typeof suspensionRequestSchema>;

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
