// The page a phone lands on after checking in (and can reload later): only for a student bound to that
// phone, from the stored attendance row, with the hours left now.
import { and, eq } from "drizzle-orm";
import { attendance, type Attendance } from "../../db/schema";
import { notFound } from "../../core/errors";
import { balanceOf } from "../attendance/recordAttendance";
import { loadLessonContext, type LessonContext } from "../attendance/lessonForAttendance";
import type { Ctx } from "../../core/context";
import { studentsOnDevice, type BoundStudent } from "./devices";

export type CheckinReceipt = LessonContext & { student: BoundStudent; attendance: Attendance; balanceHours: number };

export function checkinReceipt(ctx: Ctx, { deviceId, lessonId, studentId }: { deviceId: number; lessonId: number; studentId: number }): CheckinReceipt {
  const student = studentsOnDevice(ctx, deviceId).find((s) => s.id === studentId);
  if (!student) throw notFound("签到记录");
  const row = ctx.db
    .select()
    .from(attendance)
    .where(and(eq(attendance.lessonId, lessonId), eq(attendance.studentId, studentId)))
    .get();
  if (!row) throw notFound("签到记录");
  const lc = loadLessonContext(ctx, lessonId);
  return { ...lc, student, attendance: row, balanceHours: balanceOf(ctx, studentId, lc.klass.courseId) };
}
