// Reads the audit log, newest first, filtered by what was touched and what was done. Keyset paging on
// the row id (ids grow with time), so a page never shifts while new rows are written.
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog, type AuditRow } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, toPage, type Page } from "../../core/page";

export const auditQuerySchema = pageSchema.extend({
  entityType: z.string().trim().min(1).max(50).optional(),
  entityId: idSchema.optional(),
  action: z.string().trim().min(1).max(100).optional(),
});

export function listAudit({ ctx, input }: { ctx: Ctx; input: z.input<typeof auditQuerySchema> }): Page<AuditRow> {
  requirePermission(ctx.actor, "audit.read");
  const q = parseInput(auditQuerySchema, input);
  const where: SQL[] = [];
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId !== undefined) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.cursor !== undefined) where.push(lt(auditLog.id, q.cursor));
  const rows = ctx.db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1)
    .all();
  return toPage(rows, q.limit);
}
