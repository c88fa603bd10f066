// The flow new requests of a key use: its highest stored version. A key nobody has saved yet gets its
// shipped default stored as version 1 on first use, so every instance can pin a stored row.
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { approvalDefinitions, type ApprovalDefinitionRow } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { DEFAULT_DEFINITIONS } from "./defaultDefinitions";
import type { FlowDefinition } from "./flowDefinitionSchema";
import { requestTypeOf } from "./requestTypes";
import { validateDefinition } from "./validateDefinition";

export type StoredDefinition = { row: ApprovalDefinitionRow; definition: FlowDefinition };

/** The stored definition a row holds (validated when it was saved). */
export const definitionOf = (row: ApprovalDefinitionRow): StoredDefinition => ({ row, definition: row.definition as FlowDefinition });

/** A flow's key (the request type's), the input of the reads of its stored versions. */
export const definitionKeySchema = z.object({ key: z.string() });

/** The newest stored version of a key, if any. */
export function latestDefinition({ ctx, input }: { ctx: Ctx; input: z.input<typeof definitionKeySchema> }): StoredDefinition | undefined {
  const { key } = parseInput(definitionKeySchema, input);
  const row = ctx.db
    .select()
    .from(approvalDefinitions)
    .where(eq(approvalDefinitions.key, key))
    .orderBy(desc(approvalDefinitions.version))
    .limit(1)
    .get();
  return row ? definitionOf(row) : undefined;
}

/** The shipped default of a key (the type's own, else the built-in one), if there is one. */
export function shippedDefinition(key: string): FlowDefinition | undefined {
  return requestTypeOf(key).defaultDefinition ?? DEFAULT_DEFINITIONS[key];
}

/** The definition a new request of `key` pins; stores the default as version 1 when none is stored. */
export function activeDefinition(ctx: Ctx, key: string): StoredDefinition {
  return inTransaction(ctx, (tx) => {
    const latest = latestDefinition({ ctx: tx, input: { key } });
    if (latest) return latest;
    const requestType = requestTypeOf(key);
    const shipped = shippedDefinition(key);
    if (!shipped) throw preconditionFailed(`“${requestType.label}”尚未配置审批流程`);
    const definition = validateDefinition(tx, requestType, shipped);
    const row = tx.db
      .insert(approvalDefinitions)
      .values({ key, version: 1, name: definition.name, definition, createdBy: null, createdAt: tx.clock.now() })
      .returning()
      .get();
    recordAudit(tx, { action: "approval_definition.default_stored", entityType: "approval_definition", entityId: row.id, details: { key, version: 1 } });
    return definitionOf(row);
  });
}
