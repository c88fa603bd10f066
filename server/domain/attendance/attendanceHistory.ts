// A student's attendance, newest first: what the 360° profile, its month calendar and the parents' view
// show. `month` keeps the lessons that start in one business-calendar month.
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { endOfBusinessDay, startOfBusinessDay } from "../../core/clock";
import { attendance, classes, lessons } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { addDays } from "../scheduling/lessonSpan";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, toPage } from "../../core/page";

/** GET /students/:id/attendance: paging, and optionally one month (YYYY-MM, business calendar). */
export const studentAttendanceSchema = pageSchema.extend({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月份格式应为 YYYY-MM")
    .optional(),
});

/** listStudentAttendance: the student and the query. */
export const listStudentAttendanceSchema = studentAttendanceSchema.extend({ studentId: idSchema });

/** The first and last business dates of a month YYYY-MM. */
function monthDates(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  const [year = 0, m = 1] = month.split("-").map(Number);
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, "0")}-01`;
  return { first, last: addDays(next, -1) };
}

export function listStudentAttendance({ ctx, input }: { ctx: Ctx; input: z.input<typeof listStudentAttendanceSchema> }) {
  requirePermission(ctx.actor, "students.read");
  const q = parseInput(listStudentAttendanceSchema, input);
  const { studentId } = q;
  getStudentInScope(ctx, studentId);
  const month = q.month === undefined ? undefined : monthDates(q.month);
  const rows = ctx.db
    .select({ attendance, lesson: lessons, className: classes.name })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(
      and(
        eq(attendance.studentId, studentId),
        q.cursor ? lt(attendance.id, q.cursor) : undefined,
        month ? gte(lessons.startsAt, startOfBusinessDay(month.first, ctx.tz)) : undefined,
        month ? lt(lessons.startsAt, endOfBusinessDay(month.last, ctx.tz)) : undefined,
      ),
    )
    .orderBy(desc(attendance.id))
    .limit(q.limit + 1)
    .all()
    .map((r) => ({ id: r.attendance.id, ...r }));
  return toPage(rows, q.limit);
}
