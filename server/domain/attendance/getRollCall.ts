// Roll call (点名) for one lesson: the roster (students enrolled on its date, plus anyone already
// recorded, e.g. a make-up student) with each one's current status and hours left, and the batch update
// a teacher submits, applied in one transaction through the one attendance command.
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { attendance, students, type Attendance } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { activeStudentIdsOfClass } from "../scheduling/enrollmentQueries";
import { idSchema, parseInput } from "../../core/input";
import { lessonForAttendance, type LessonContext } from "./lessonForAttendance";
import { balanceOf } from "./recordAttendance";

/** getRollCall: the lesson. */
export const getRollCallSchema = z.object({ lessonId: idSchema });

export type RosterEntry = {
  studentId: number;
  name: string;
  enrolled: boolean;
  attendance: Attendance | null;
  balanceHours: number;
};

export type Roster = LessonContext & { entries: RosterEntry[] };

export function roster(ctx: Ctx, lc: LessonContext): Roster {
  const enrolledIds = activeStudentIdsOfClass(ctx.db, lc.klass.id, businessDate(lc.lesson.startsAt, ctx.tz));
  const records = ctx.db.select().from(attendance).where(eq(attendance.lessonId, lc.lesson.id)).all();
  const byStudent = new Map(records.map((r) => [r.studentId, r]));
  const enrolled = new Set(enrolledIds);
  const ids = [...enrolledIds, ...records.map((r) => r.studentId).filter((id) => !enrolled.has(id))];
  const names = new Map(
    ids.length === 0
      ? []
      : ctx.db.select({ id: students.id, name: students.name }).from(students).where(inArray(students.id, ids)).all().map((s) => [s.id, s.name]),
  );
  const entries = ids.map((id) => ({ id, name: names.get(id) ?? "" })).map((s) => ({
    studentId: s.id,
    name: s.name,
    enrolled: enrolled.has(s.id),
    attendance: byStudent.get(s.id) ?? null,
    balanceHours: balanceOf(ctx, s.id, lc.klass.courseId),
  }));
  return { ...lc, entries };
}

export function getRollCall({ ctx, input }: { ctx: Ctx; input: z.input<typeof getRollCallSchema> }): Roster {
  requirePermission(ctx.actor, "attendance.write");
  const { lessonId } = parseInput(getRollCallSchema, input);
  return roster(ctx, lessonForAttendance(ctx, lessonId));
}
