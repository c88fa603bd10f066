// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import type { z } from "zod";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLinks, type GuardianLink } from "./guardianLinks";
import { listGuardiansSchema } from "./guardianSchemas";

/** The guardians of a student in scope, primary first. */
export function listGuardians({ ctx, input }: { ctx: Ctx; input: z.input<typeof listGuardiansSchema> }): GuardianLink[] {
  requirePermission(ctx.actor, "students.read");
  const { studentId } = parseInput(listGuardiansSchema, input);
  getStudentInScope(ctx, studentId);
  return loadGuardianLinks(ctx, studentId);
}
