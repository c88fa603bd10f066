// A staff member leaves (离职): status `left`, the date, and in the same transaction every open session
// and every API token they created revoked, so the person is signed out everywhere and a token they saw
// (its plain text is shown to its creator once) stops working. loadStaffActor already refuses a left
// member; the revoked rows make that visible in the session and token lists too. Audited. Admins only.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import { apiTokens, auditLog, sessions, staff } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadStaffMember, loadStaffRow, type StaffMember } from "./staffMember";
import { markStaffLeftSchema } from "./staffSchemas";

/**
 * Revokes the live API tokens `staffId` created. A token row names no staff member (a token is not a
 * person), so its creator is read from the audit row written when it was created.
 */
function revokeTokensCreatedBy(ctx: Ctx, staffId: number, now: number): { id: number; name: string; prefix: string }[] {
  const created = ctx.db
    .select({ id: auditLog.entityId })
    .from(auditLog)
    // entity_type first: the audit log's (entity_type, entity_id) index keeps this to token rows
    .where(and(eq(auditLog.entityType, "api_token"), eq(auditLog.action, "token.create"), eq(auditLog.actorKind, "staff"), eq(auditLog.actorId, staffId)))
    .all()
    .flatMap((r) => (r.id === null ? [] : [r.id]));
  if (created.length === 0) return [];
  return ctx.db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(inArray(apiTokens.id, created), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix })
    .all();
}

/** Marks the staff member left and signs them out everywhere (sessions and their API tokens); an admin cannot do it to themselves. */
export function markStaffLeft({ ctx, input }: { ctx: Ctx; input: z.input<typeof markStaffLeftSchema> }): StaffMember {
  requirePermission(ctx.actor, "staff.write");
  const { id } = parseInput(markStaffLeftSchema, input);
  if (ctx.actor.kind === "staff" && ctx.actor.staffId === id) {
    throw preconditionFailed("不能为自己办理离职，请由其他管理员操作");
  }
  return inTransaction(ctx, (tx) => {
    const row = loadStaffRow(tx, id);
    if (row.status === "left") throw preconditionFailed("该员工已离职", { status: row.status });
    const now = tx.clock.now();
    tx.db
      .update(staff)
      .set({ status: "left", leftAt: now, updatedAt: now, version: row.version + 1 })
      .where(eq(staff.id, id))
      .run();
    const revoked = tx.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.staffId, id), isNull(sessions.revokedAt)))
      .run();
    const tokens = revokeTokensCreatedBy(tx, id, now);
    recordAudit(tx, {
      action: "staff.leave",
      entityType: "staff",
      entityId: id,
      details: { sessionsRevoked: revoked.changes, tokensRevoked: tokens },
    });
    return loadStaffMember(tx, id);
  });
}
