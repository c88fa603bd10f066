// A student's attendance, newest lesson first: what the 360° profile and the parents' view show.
import { and, desc, eq, lt } from "drizzle-orm";
import { attendance, classes, lessons } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../context";
import { pageSchema, parseInput, toPage } from "../validation";
import type { z } from "zod";

export function listStudentAttendance({ ctx, studentId, input }: { ctx: Ctx; studentId: number; input: z.input<typeof pageSchema> }) {
  requirePermission(ctx.actor, "students.read");
  const q = parseInput(pageSchema, input);
  getStudentInScope(ctx, studentId);
  const rows = ctx.db
    .select({ attendance, lesson: lessons, className: classes.name })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(and(eq(attendance.studentId, studentId), q.cursor ? lt(attendance.id, q.cursor) : undefined))
    .orderBy(desc(attendance.id))
    .limit(q.limit + 1)
    .all()
    .map((r) => ({ id: r.attendance.id, ...r }));
  return toPage(rows, q.limit);
}
