// A student's personal QR code, for staff who may see the student (students.read, in scope): printed
// on a card or shown on the profile, and scanned at the front desk.
import type { Student } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { studentCode } from "./studentCode";

export function personalCode({ ctx, studentId, secret }: { ctx: Ctx; studentId: number; secret: string }): { student: Student; code: string } {
  requirePermission(ctx.actor, "students.read");
  const student = getStudentInScope(ctx, studentId);
  return { student, code: studentCode(secret, student.id) };
}
