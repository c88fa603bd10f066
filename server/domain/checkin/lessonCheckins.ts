// Who is in the room: what the classroom QR screen polls while students scan. Two small indexed reads
// (the lesson's attendance with names, the enrolment count), no balances, so polling every few seconds
// stays cheap. The same people may see it as may show the QR.
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { businessDate } from "../../core/clock";
import { attendance, students, type AttendanceChannel, type AttendanceStatus } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { IN_CLASS_STATUSES } from "../attendance/attendanceRules";
import { lessonForAttendance, type LessonContext } from "../attendance/lessonForAttendance";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { activeStudentIdsOfClass } from "../scheduling/enrollmentQueries";

export type CheckedInStudent = { studentId: number; name: string; status: AttendanceStatus; channel: AttendanceChannel; at: number };

export type LessonCheckins = LessonContext & {
  /** Students enrolled for the lesson's date. */
  expected: number;
  /** In the order they arrived. */
  checkedIn: CheckedInStudent[];
  /** Students on approved leave for this lesson (not expected in the room). */
  onLeave: number;
};

/** lessonCheckins: the lesson. */
export const lessonCheckinsSchema = z.object({ lessonId: idSchema });

export function lessonCheckins({ ctx, input }: { ctx: Ctx; input: z.input<typeof lessonCheckinsSchema> }): LessonCheckins {
  requirePermission(ctx.actor, "attendance.write");
  const { lessonId } = parseInput(lessonCheckinsSchema, input);
  const lc = lessonForAttendance(ctx, lessonId);
  const checkedIn = ctx.db
    .select({ studentId: attendance.studentId, name: students.name, status: attendance.status, channel: attendance.channel, at: attendance.recordedAt })
    .from(attendance)
    .innerJoin(students, eq(students.id, attendance.studentId))
    .where(and(eq(attendance.lessonId, lessonId), inArray(attendance.status, [...IN_CLASS_STATUSES])))
    .orderBy(asc(attendance.recordedAt), asc(attendance.id))
    .all();
  const expected = activeStudentIdsOfClass(ctx.db, lc.klass.id, businessDate(lc.lesson.startsAt, ctx.tz)).length;
  const onLeave =
    ctx.db
      .select({ n: count() })
      .from(attendance)
      .where(and(eq(attendance.lessonId, lessonId), eq(attendance.status, "leave")))
      .get()?.n ?? 0;
  return { ...lc, expected, checkedIn, onLeave };
}
