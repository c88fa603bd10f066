// Who a new ticket goes to: the student's owner for the type (complaint → head teacher, consult →
// advisor, as the type says) while that person is active; otherwise nobody, and it waits in the type's
// team queue for the campus (a card with 认领 goes to the team).
import { eq } from "drizzle-orm";
import { staff, type Student, type TicketTypeRow } from "../../db/schema";
import type { Ctx } from "../../core/context";

export function initialAssignee(ctx: Ctx, type: TicketTypeRow, student: Student | null): number | null {
  if (!student || !type.ownerRole) return null;
  const id = type.ownerRole === "head_teacher" ? student.headTeacherId : type.ownerRole === "advisor" ? student.advisorId : null;
  if (id === null) return null;
  return ctx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, id)).get()?.status === "active" ? id : null;
}
