// The course, campus, staff and room a class or lesson points to must exist and be usable (active
// staff in the right role, an open room of the class's campus); a bad reference is a 400 naming the
// field, not a foreign-key crash.
import { eq } from "drizzle-orm";
import { campuses, courses, rooms, type Course } from "../../db/schema";
import { validationError, type FieldIssue } from "../../core/errors";
import type { Ctx } from "../../core/context";

/** The issue with a room reference (missing, closed, or of another campus), if any. */
export function roomIssue(ctx: Ctx, path: string, roomId: number, campusId: number): FieldIssue | undefined {
  const room = ctx.db.select().from(rooms).where(eq(rooms.id, roomId)).get();
  if (!room) return { path, message: `教室 ${roomId} 不存在` };
  if (room.campusId !== campusId) return { path, message: `教室“${room.name}”不属于该班级的校区` };
  if (room.status !== "active") return { path, message: `教室“${room.name}”已停用` };
  return undefined;
}

/** The issue with a campus reference (missing or closed), if any. */
export function campusIssue(ctx: Ctx, path: string, campusId: number): FieldIssue | undefined {
  const campus = ctx.db.select({ status: campuses.status }).from(campuses).where(eq(campuses.id, campusId)).get();
  if (!campus) return { path, message: `校区 ${campusId} 不存在` };
  if (campus.status !== "active") return { path, message: `校区 ${campusId} 已关闭` };
  return undefined;
}

/** The course of a class, and the issue with it (missing or archived), if any. */
export function checkCourse(ctx: Ctx, path: string, courseId: number): { course?: Course; issue?: FieldIssue } {
  const course = ctx.db.select().from(courses).where(eq(courses.id, courseId)).get();
  if (!course) return { issue: { path, message: `课程 ${courseId} 不存在` } };
  if (course.status !== "active") return { course, issue: { path, message: `课程“${course.name}”已停用` } };
  return { course };
}

/** Throws 400 listing the issues, when there are any. */
export function throwIssues(issues: (FieldIssue | undefined)[]): void {
  const found = issues.filter((i): i is FieldIssue => i !== undefined);
  if (found.length > 0) throw validationError(found);
}
