// A staff member leaves (离职): status `left`, the date, and every open session revoked at once so the
// person is signed out everywhere. Audited. Admins only.
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { sessions, staff } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadStaffMember, loadStaffRow, type StaffMember } from "./staffMember";
import { markStaffLeftSchema } from "./staffSchemas";

/** Marks the staff member left and signs them out everywhere; an admin cannot do it to themselves. */
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
    recordAudit(tx, {
      action: "staff.leave",
      entityType: "staff",
      entityId: id,
      details: { sessionsRevoked: revoked.changes },
    });
    return loadStaffMember(tx, id);
  });
}
