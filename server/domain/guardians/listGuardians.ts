// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { loadGuardianLinks, type GuardianLink } from "./guardianLinks";

/** The guardians of a student in scope, primary first. */
export function listGuardians({ ctx, studentId }: { ctx: Ctx; studentId: number }): GuardianLink[] {
  requirePermission(ctx.actor, "students.read");
  getStudentInScope(ctx, studentId);
  return loadGuardianLinks(ctx, studentId);
}
