// An admin changes a flow by saving a new version; running instances keep the version they pinned.
import { z } from "zod";
import { approvalDefinitions, type ApprovalDefinitionRow } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { latestDefinition } from "./activeDefinition";
import { requestTypeOf } from "./requestTypes";
import { validateDefinition } from "./validateDefinition";

/** The flow's key and the definition as sent (validateDefinition checks it against the key's type). */
export const saveDefinitionSchema = z.object({ key: z.string(), definition: z.unknown() });

/** Validates and stores `definition` as the next version of `key` (403 without approvals.define). */
export function saveDefinition({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof saveDefinitionSchema> }): ApprovalDefinitionRow {
  requirePermission(ctx.actor, "approvals.define");
  const input = parseInput(saveDefinitionSchema, raw);
  const requestType = requestTypeOf(input.key);
  return inTransaction(ctx, (tx) => {
    const definition = validateDefinition(tx, requestType, input.definition);
    const version = (latestDefinition({ ctx: tx, input: { key: input.key } })?.row.version ?? 0) + 1;
    const row = tx.db
      .insert(approvalDefinitions)
      .values({ key: input.key, version, name: definition.name, definition, createdBy: actorStaffId(tx.actor), createdAt: tx.clock.now() })
      .returning()
      .get();
    recordAudit(tx, { action: "approval_definition.saved", entityType: "approval_definition", entityId: row.id, details: { key: input.key, version } });
    return row;
  });
}
