// Writes one audit row (who, when, what) inside the caller's transaction: changes to money, hours,
// roles and approvals, and every read of a full mobile number.
import { sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import { auditLog } from "../../db/schema";
import { actorColumns, type Ctx } from "../../core/context";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: number | null;
  details?: Record<string, unknown>;
};

const insertAudit = (db: Ctx["db"]) =>
  prepared(db, "audit.insert", (db) =>
    db
      .insert(auditLog)
      .values({
        at: sql.placeholder("at"),
        actorKind: sql.placeholder("actorKind"),
        actorId: sql.placeholder("actorId"),
        actorLabel: sql.placeholder("actorLabel"),
        action: sql.placeholder("action"),
        entityType: sql.placeholder("entityType"),
        entityId: sql.placeholder("entityId"),
        details: sql.placeholder("details"),
        requestId: sql.placeholder("requestId"),
      })
      .prepare(),
  );

export function recordAudit(ctx: Ctx, input: AuditInput): void {
  insertAudit(ctx.db).run({
    at: ctx.clock.now(),
    ...actorColumns(ctx.actor),
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    details: JSON.stringify(input.details ?? {}),
    requestId: ctx.requestId ?? null,
  });
}
