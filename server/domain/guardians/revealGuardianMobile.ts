// The one way to read a guardian's full mobile: only with guardians.reveal_mobile, only for a student
// in scope, and always audited (`guardian.mobile.reveal`) in the same transaction as the read.
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { loadGuardianLink } from "./guardianLinks";

/** Returns the full mobile and writes the audit row; 403 without the permission, 404 outside scope. */
export function revealGuardianMobile({ ctx, studentId, guardianId }: { ctx: Ctx; studentId: number; guardianId: number }): {
  guardianId: number;
  mobile: string;
} {
  requirePermission(ctx.actor, "guardians.reveal_mobile");
  return inTransaction(ctx, (tx) => {
    getStudentInScope(tx, studentId);
    const link = loadGuardianLink(tx, studentId, guardianId);
    recordAudit(tx, {
      action: "guardian.mobile.reveal",
      entityType: "guardian",
      entityId: guardianId,
      details: { studentId },
    });
    return { guardianId: link.guardianId, mobile: link.mobile };
  });
}
