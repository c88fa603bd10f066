// The requester (or an admin) takes a request back before it ends: the instance is withdrawn, the open
// step and its pending tasks are cancelled, and every card of that step shows "已撤回".
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { approvalStepRuns, approvalTasks, type ApprovalInstanceRow } from "../../db/schema";
import { conflict, forbidden } from "../../core/errors";
import { isAdmin } from "../../../shared/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { refreshStepCards } from "./approvalCards";
import { closeApprovalTodos } from "./approvalTodos";
import { APPROVAL_STATUS_LABELS } from "../../../shared/approvals";
import { activeStepRun, addTimeline, getInstance, updateInstance } from "./approvalRecords";
import { requestTypeOf } from "./requestTypes";
import { typedInstance } from "./requestType";

export const withdrawApprovalSchema = z.object({
  instanceId: idSchema,
  reason: z.string().trim().max(500).optional(),
});

/** Withdraws a pending instance (409 once it has ended, 403 for anyone but the requester or an admin). */
export function withdrawApproval({ ctx, input }: { ctx: Ctx; input: z.input<typeof withdrawApprovalSchema> }): ApprovalInstanceRow {
  const parsed = parseInput(withdrawApprovalSchema, input);
  return inTransaction(ctx, (tx) => {
    const instance = getInstance(tx, parsed.instanceId);
    const isRequester = tx.actor.kind === "staff" && tx.actor.staffId === instance.requesterStaffId;
    if (!isRequester && !isAdmin(tx.actor)) throw forbidden("只有申请人或管理员可以撤回申请");
    if (instance.status !== "pending") throw conflict(`申请${APPROVAL_STATUS_LABELS[instance.status]}，不能撤回`, { status: instance.status });
    const now = tx.clock.now();
    const withdrawn = updateInstance(tx, instance.id, { status: "withdrawn", decidedAt: now });
    const run = activeStepRun(tx, instance.id);
    if (run) {
      tx.db.update(approvalStepRuns).set({ status: "cancelled", decidedAt: now }).where(eq(approvalStepRuns.id, run.id)).run();
      tx.db
        .update(approvalTasks)
        .set({ status: "cancelled", decidedAt: now })
        .where(and(eq(approvalTasks.stepRunId, run.id), eq(approvalTasks.status, "pending")))
        .run();
    }
    addTimeline(tx, { instanceId: instance.id, action: "withdrawn", stepRunId: run?.id ?? null, comment: parsed.reason ?? null });
    recordAudit(tx, { action: "approval.withdrawn", entityType: "approval_instance", entityId: instance.id, details: { reason: parsed.reason ?? null } });
    requestTypeOf(instance.type).onRejected?.(tx, typedInstance(withdrawn), "withdrawn");
    if (run) {
      refreshStepCards(tx, run.id);
      closeApprovalTodos(tx, run.id);
    }
    return withdrawn;
  });
}
