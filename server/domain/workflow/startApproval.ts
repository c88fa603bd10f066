// A request starts a flow: its fields are checked by its type, the active definition is pinned, and
// the first step that applies is entered. A retried submission with the same requestKey returns the
// instance it created the first time.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { approvalInstances, type ApprovalInstanceRow } from "../../db/schema";
import { forbidden, validationError } from "../../core/errors";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { activeDefinition } from "./activeDefinition";
import { advanceInstance } from "./advanceInstance";
import { addTimeline, getInstance } from "./approvalRecords";
import { requestTypeOf } from "./requestTypes";

export const startApprovalSchema = z.object({
  type: z.string().min(1).max(40),
  fields: z.record(z.string(), z.unknown()).default({}),
  studentId: idSchema.optional(),
  campusId: idSchema.optional(),
  requestKey: z.string().trim().min(8).max(100).optional(),
});
export type StartApprovalInput = z.input<typeof startApprovalSchema>;

/**
 * Who may ask: staff and API tokens (the system too, e.g. a guardian's signed-link request, with
 * `requesterLabel`). The student must be in the asker's data scope (404 otherwise) and a campus must be
 * one of theirs; a type may require a permission of its own. The flow then decides who approves.
 */
export function startApproval({ ctx, input, requesterLabel }: { ctx: Ctx; input: StartApprovalInput; requesterLabel?: string }): ApprovalInstanceRow {
  const parsed = parseInput(startApprovalSchema, input);
  const requestType = requestTypeOf(parsed.type);
  if (requestType.requestPermission) requirePermission(ctx.actor, requestType.requestPermission);
  const fieldsResult = requestType.fieldsSchema.safeParse(parsed.fields);
  if (!fieldsResult.success) {
    throw validationError(fieldsResult.error.issues.map((i) => ({ path: ["fields", ...i.path.map(String)].join("."), message: i.message })));
  }
  return inTransaction(ctx, (tx) => {
    if (parsed.requestKey) {
      const existing = tx.db.select().from(approvalInstances).where(eq(approvalInstances.requestKey, parsed.requestKey)).get();
      if (existing) {
        if (existing.type !== parsed.type || existing.requesterStaffId !== actorStaffId(tx.actor)) throw forbidden("该请求编号已被其他申请使用");
        return existing;
      }
    }
    let campusId = parsed.campusId ?? null;
    if (parsed.studentId !== undefined) {
      const student = getStudentInScope(tx, parsed.studentId);
      if (campusId !== null && campusId !== student.campusId) throw validationError([{ path: "campusId", message: "校区与学员所在校区不一致" }]);
      campusId = student.campusId;
    } else if (campusId !== null) {
      requireCampus(tx.actor, campusId);
    }
    const { row: definitionRow } = activeDefinition(tx, parsed.type);
    const now = tx.clock.now();
    const instance = tx.db
      .insert(approvalInstances)
      .values({
        type: parsed.type,
        definitionId: definitionRow.id,
        requesterStaffId: actorStaffId(tx.actor),
        requesterLabel: tx.actor.kind === "staff" ? tx.actor.name : (requesterLabel ?? actorColumns(tx.actor).actorLabel),
        campusId,
        studentId: parsed.studentId ?? null,
        fields: fieldsResult.data as Record<string, unknown>,
        requestKey: parsed.requestKey ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    addTimeline(tx, { instanceId: instance.id, action: "submitted", comment: `${requestType.label}申请（流程 v${definitionRow.version}）` });
    recordAudit(tx, { action: "approval.submitted", entityType: "approval_instance", entityId: instance.id, details: { type: parsed.type, definitionVersion: definitionRow.version } });
    advanceInstance(tx, instance, 0);
    return getInstance(tx, instance.id);
  });
}
