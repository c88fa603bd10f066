// One lifecycle move, for an effect the caller has already authorised (a refund finance executes, an
// approved suspension, a job) as for the status verb: the table's check (409 when it forbids the move),
// the student's status and its date, and the dated history row in student_status_changes.
import { students, studentStatusChanges, type Student, type StudentStatus } from "../../db/schema";
import { actorColumns, type Ctx } from "../../core/context";
import { versionedUpdate } from "../versionedUpdate";
import { requireTransition } from "./studentTransitions";

export function moveStudentStatus(ctx: Ctx, current: Student, status: StudentStatus, reason: string, version?: number): void {
  requireTransition(current.status, status);
  const now = ctx.clock.now();
  versionedUpdate(ctx.db, students, current.id, version ?? current.version, { status, statusChangedAt: now, updatedAt: now }, "学员");
  ctx.db
    .insert(studentStatusChanges)
    .values({ studentId: current.id, fromStatus: current.status, toStatus: status, reason, actorLabel: actorColumns(ctx.actor).actorLabel, at: now })
    .run();
}
