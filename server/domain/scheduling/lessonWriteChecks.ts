// What every lesson write checks before it touches the calendar: the teacher and room are usable, the
// lesson is still scheduled and nobody has taken attendance on it yet (a lesson that happened is not
// moved or cancelled: its hours were deducted against it).
import { eq } from "drizzle-orm";
import { attendance, type Lesson } from "../../db/schema";
import { preconditionFailed, stale } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { staffRoleIssue } from "../staff/staffRoleIssue";
import { roomIssue, throwIssues } from "./schedulingReferences";

/** Throws 400 unless the teacher is an active teacher and the room (if any) an open room of the campus. */
export function requireStaffing(ctx: Ctx, campusId: number, teacherId: number, roomId: number | null): void {
  throwIssues([
    staffRoleIssue(ctx, "teacherId", teacherId, "teacher"),
    roomId === null ? undefined : roomIssue(ctx, "roomId", roomId, campusId),
  ]);
}

/** Throws 409 when the lesson is cancelled, has attendance, or the caller read an older version. */
export function requireChangeableLesson(ctx: Ctx, lesson: Lesson, verb: string, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== lesson.version) throw stale("课次", lesson.version);
  if (lesson.status === "cancelled") throw preconditionFailed(`课次已取消，不能${verb}`, { lessonStatus: lesson.status });
  const taken = ctx.db.select({ id: attendance.id }).from(attendance).where(eq(attendance.lessonId, lesson.id)).limit(1).get();
  if (taken) throw preconditionFailed(`该课次已有考勤记录，不能${verb}`);
}
