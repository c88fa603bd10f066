// Submitting a transfer request (转班): checked and priced now, decided by the flow, executed by the
// type's effect on the final approval.
import type { ApprovalInstanceRow } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { startApproval } from "../workflow/startApproval";
import { requireNoPendingRequest, submittedWithKey } from "../workflow/requestFacts";
import { checkShape, planTransfer, TRANSFER_TYPE, type TransferFields, transferRequestSchema, type TransferRequestInput } from "./transferRequestType";

/** Submits a transfer: checks the shape and the usable hours now (400 on `hours` when over), and stores the computed figures. */
export function submitTransferRequest({ ctx, input }: { ctx: Ctx; input: TransferRequestInput }): ApprovalInstanceRow {
  requirePermission(ctx.actor, "students.write");
  const data = parseInput(transferRequestSchema, input);
  return inTransaction(ctx, (tx) => {
    const replay = submittedWithKey(tx, data.requestKey);
    const { requestKey, ...shape } = data;
    if (replay) return startApproval({ ctx: tx, input: { type: TRANSFER_TYPE, studentId: data.studentId, fields: replay.fields as Record<string, unknown>, requestKey } });
    getStudentInScope(tx, data.studentId);
    checkShape(tx, shape);
    requireNoPendingRequest(tx, TRANSFER_TYPE, data.studentId, "转班");
    const plan = planTransfer(tx, shape, "submission");
    const fields: TransferFields = { ...shape, valueFen: plan.valueFen, toHours: plan.toHours };
    return startApproval({ ctx: tx, input: { type: TRANSFER_TYPE, studentId: data.studentId, fields, requestKey } });
  });
}
