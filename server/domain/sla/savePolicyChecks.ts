// What a saved policy must name: a ticket type and a campus that exist.
import { eq } from "drizzle-orm";
import { campuses, ticketTypes } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { validationError, type FieldIssue } from "../../core/errors";

export function requirePolicyRefs(ctx: Ctx, refs: { typeId?: number | null; campusId?: number | null }): void {
  const issues: FieldIssue[] = [];
  if (refs.typeId !== null && refs.typeId !== undefined && !ctx.db.select({ id: ticketTypes.id }).from(ticketTypes).where(eq(ticketTypes.id, refs.typeId)).get()) {
    issues.push({ path: "typeId", message: "工单类型不存在" });
  }
  if (refs.campusId !== null && refs.campusId !== undefined && !ctx.db.select({ id: campuses.id }).from(campuses).where(eq(campuses.id, refs.campusId)).get()) {
    issues.push({ path: "campusId", message: "校区不存在" });
  }
  if (issues.length > 0) throw validationError(issues);
}
