// Moves a student along the lifecycle table; the status and its date live on the student, and each
// change is also a dated row in student_status_changes (the history reports and timelines read).
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { studentStatusChanges } from "../../db/schema";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { reloadStudentDetail, type StudentDetail } from "./studentDetail";
import { changeStudentStatusSchema, listStudentStatusHistorySchema } from "./studentSchemas";
import { moveStudentStatus } from "./moveStudentStatus";

/** One dated row of a student's lifecycle history. */
export type StudentStatusChange = typeof studentStatusChanges.$inferSelect;

/** Applies one lifecycle move (409 when the table forbids it) and records it with its date. */
export function changeStudentStatus({ ctx, input }: { ctx: Ctx; input: z.input<typeof changeStudentStatusSchema> }): StudentDetail {
  requirePermission(ctx.actor, "students.write");
  const { id, status, reason, version } = parseInput(changeStudentStatusSchema, input);
  return inTransaction(ctx, (tx) => {
    const current = getStudentInScope(tx, id);
    requireCampus(tx.actor, current.campusId);
    moveStudentStatus(tx, current, status, reason, version);
    return reloadStudentDetail(tx, id);
  });
}

/** The student's dated status changes, newest first. */
export function listStudentStatusHistory({ ctx, input }: { ctx: Ctx; input: z.input<typeof listStudentStatusHistorySchema> }): StudentStatusChange[] {
  requirePermission(ctx.actor, "students.read");
  const { id } = parseInput(listStudentStatusHistorySchema, input);
  getStudentInScope(ctx, id);
  return ctx.db
    .select()
    .from(studentStatusChanges)
    .where(eq(studentStatusChanges.studentId, id))
    .orderBy(desc(studentStatusChanges.at), desc(studentStatusChanges.id))
    .all();
}
