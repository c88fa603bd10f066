// A student's personal QR code, for staff who may see the student (students.read, in scope): printed
// on a card or shown on the profile, and scanned at the front desk.
import { z } from "zod";
import type { Student } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { studentCode } from "./studentCode";

/** personalCode: the student. */
export const personalCodeSchema = z.object({ studentId: idSchema });

export function personalCode({ ctx, input, secret }: { ctx: Ctx; input: z.input<typeof personalCodeSchema>; secret: string }): { student: Student; code: string } {
  requirePermission(ctx.actor, "students.read");
  const { studentId } = parseInput(personalCodeSchema, input);
  const student = getStudentInScope(ctx, studentId);
  return { student, code: studentCode(secret, student.id) };
}
