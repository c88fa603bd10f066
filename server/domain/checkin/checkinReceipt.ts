// The page a phone lands on after checking in (and can reload later): only for a student bound to that
// phone, from the stored attendance row, with the hours left now.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { attendance, type Attendance } from "../../db/schema";
import { notFound } from "../../core/errors";
import { balanceOf } from "../attendance/recordAttendance";
import { loadLessonContext, type LessonContext } from "../attendance/lessonForAttendance";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { studentsOnDevice, type BoundStudent, type Device } from "./devices";

export type CheckinReceipt = LessonContext & { student: BoundStudent; attendance: Attendance; balanceHours: number };

/** checkinReceipt: the lesson and the student checked in. */
export const checkinReceiptSchema = z.object({ lessonId: idSchema, studentId: idSchema });

/** The receipt, only on a phone (`device`) the student is bound to. */
export function checkinReceipt({ ctx, input, device }: { ctx: Ctx; input: z.input<typeof checkinReceiptSchema>; device: Device }): CheckinReceipt {
  const { lessonId, studentId } = parseInput(checkinReceiptSchema, input);
  const student = studentsOnDevice({ ctx, device }).find((s) => s.id === studentId);
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
