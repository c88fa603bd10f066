// Writes one audit row (who, when, what) inside the caller's transaction: changes to money, hours,
// roles and approvals, and every read of a full mobile number. The row also carries the student and
// campus it is about (auditScope), which audit reads are scoped by.
import { sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import { auditLog } from "../../db/schema";
import { actorColumns, type Ctx } from "../../core/context";
import { auditScope } from "./auditScope";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: number | null;
  details?: Record<string, unknown>;
  /** The student through whom an entity without one of its own was reached (a guardian's student). */
  viaStudentId?: number;
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
        studentId: sql.placeholder("studentId"),
        campusId: sql.placeholder("campusId"),
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
    ...auditScope(ctx.db, input.entityType, input.entityId, input.viaStudentId),
  });
}
