// The one way to read a guardian's full mobile: only with guardians.reveal_mobile, only for a student
// in scope, and always audited (`guardian.mobile.reveal`) in the same transaction as the read.
import type { z } from "zod";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLink } from "./guardianLinks";
import { revealGuardianMobileSchema } from "./guardianSchemas";

/** Returns the full mobile and writes the audit row; 403 without the permission, 404 outside scope. */
export function revealGuardianMobile({ ctx, input }: { ctx: Ctx; input: z.input<typeof revealGuardianMobileSchema> }): {
  guardianId: number;
  mobile: string;
} {
  requirePermission(ctx.actor, "guardians.reveal_mobile");
  const { studentId, guardianId } = parseInput(revealGuardianMobileSchema, input);
  return inTransaction(ctx, (tx) => {
    getStudentInScope(tx, studentId);
    const link = loadGuardianLink(tx, studentId, guardianId);
    recordAudit(tx, {
      action: "guardian.mobile.reveal",
      entityType: "guardian",
      entityId: guardianId,
      details: { studentId },
      viaStudentId: studentId,
    });
    return { guardianId: link.guardianId, mobile: link.mobile };
  });
}
