// Writes one audit row (who, when, what) inside the caller's transaction: changes to money, hours,
// roles and approvals, and every read of a full mobile number.
import { auditLog } from "../../db/schema";
import { actorColumns, type Ctx } from "../context";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: number | null;
  details?: Record<string, unknown>;
};

export function recordAudit(ctx: Ctx, input: AuditInput): void {
  ctx.db
    .insert(auditLog)
    .values({
      at: ctx.clock.now(),
      ...actorColumns(ctx.actor),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      details: JSON.stringify(input.details ?? {}),
      requestId: ctx.requestId ?? null,
    })
    .run();
}
