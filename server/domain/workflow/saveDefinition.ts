// An admin changes a flow by saving a new version; running instances keep the version they pinned.
import { approvalDefinitions, type ApprovalDefinitionRow } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { latestDefinition } from "./activeDefinition";
import { requestTypeOf } from "./requestTypes";
import { validateDefinition } from "./validateDefinition";

/** Validates and stores `definition` as the next version of `key` (403 without approvals.define). */
export function saveDefinition({ ctx, input }: { ctx: Ctx; input: { key: string; definition: unknown } }): ApprovalDefinitionRow {
  requirePermission(ctx.actor, "approvals.define");
  const requestType = requestTypeOf(input.key);
  return inTransaction(ctx, (tx) => {
    const definition = validateDefinition(tx, requestType, input.definition);
    const version = (latestDefinition(tx, input.key)?.row.version ?? 0) + 1;
    const row = tx.db
      .insert(approvalDefinitions)
      .values({ key: input.key, version, name: definition.name, definition, createdBy: actorStaffId(tx.actor), createdAt: tx.clock.now() })
      .returning()
      .get();
    recordAudit(tx, { action: "approval_definition.saved", entityType: "approval_definition", entityId: row.id, details: { key: input.key, version } });
    return row;
  });
}
