// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { approvalInstances } from "../../db/schema";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, type Page } from "../../core/page";
import { type ApprovalSummary, listInstances } from "./approvalViews";

export const studentApprovalsSchema = pageSchema.extend({ studentId: idSchema });

/** The approvals about a student the actor may see (404 outside their scope). */
export function studentApprovals({ ctx, input }: { ctx: Ctx; input: z.input<typeof studentApprovalsSchema> }): Page<ApprovalSummary> {
  const { studentId, ...page } = parseInput(studentApprovalsSchema, input);
  getStudentInScope(ctx, studentId);
  return listInstances(ctx, [eq(approvalInstances.studentId, studentId)], page);
}
