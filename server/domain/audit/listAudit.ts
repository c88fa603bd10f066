// Reads the audit log, newest first, filtered by what was touched, what was done and who did it, always
// within the reader's scope. Keyset paging on the row id (ids grow with time), so a page never shifts
// while new rows are written.
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ACTOR_KINDS, auditLog, students, type AuditRow } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { studentScopeCondition } from "../access/studentScope";
import type { Actor, Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, toPage, type Page } from "../../core/page";
import { isAdmin } from "../../../shared/permissions";

export const auditQuerySchema = pageSchema.extend({
  entityType: z.string().trim().min(1).max(50).optional(),
  entityId: idSchema.optional(),
  action: z.string().trim().min(1).max(100).optional(),
  /** Who acted: `token` with `actorId` lists every call one API token made (`api.call` rows). */
  actorKind: z.enum(ACTOR_KINDS).optional(),
  actorId: idSchema.optional(),
});

/**
 * The rows the actor may read, or undefined for all (admins, the system). A row about a student is
 * read by whoever may see that student now (the student scope, as GET /students/:id); a row tied only
 * to a campus (a lesson, a class) by staff of that campus; an institution-wide row (settings, staff,
 * tokens, terms, jobs, API calls) by admins only.
 */
function readScope(actor: Actor): SQL | undefined {
  if (actor.kind === "system" || isAdmin(actor)) return undefined;
  const studentScope = studentScopeCondition(actor) ?? sql`1`;
  const aboutVisibleStudent = and(
    isNotNull(auditLog.studentId),
    sql`EXISTS (SELECT 1 FROM ${students} WHERE ${students.id} = ${auditLog.studentId} AND ${studentScope})`,
  );
  if (actor.campusIds.length === 0) return aboutVisibleStudent;
  return or(aboutVisibleStudent, and(isNull(auditLog.studentId), inArray(auditLog.campusId, actor.campusIds)));
}

export function listAudit({ ctx, input }: { ctx: Ctx; input: z.input<typeof auditQuerySchema> }): Page<AuditRow> {
  requirePermission(ctx.actor, "audit.read");
  const q = parseInput(auditQuerySchema, input);
  const where: (SQL | undefined)[] = [readScope(ctx.actor)];
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId !== undefined) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.actorKind) where.push(eq(auditLog.actorKind, q.actorKind));
  if (q.actorId !== undefined) where.push(eq(auditLog.actorId, q.actorId));
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
