// The data scope over students: which students an actor may see at all. A student outside it answers
// 404, exactly like one that does not exist. Roles add up: an advisor who is also a teacher sees both.
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { classes, enrollments, students, type Student } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Actor, Ctx } from "../../core/context";
import { rolesOf } from "../../../shared/permissions";

/** Roles whose scope is their campuses. */
const CAMPUS_ROLES: readonly string[] = ["principal", "academic", "finance", "service"];

/** A SQL condition over `students`, or undefined when the actor sees every student. */
export function studentScopeCondition(actor: Actor): SQL | undefined {
  if (actor.kind === "system") return undefined;
  const roles = rolesOf(actor);
  if (roles.includes("admin")) return undefined;
  const parts: SQL[] = [];
  if (roles.some((r) => CAMPUS_ROLES.includes(r)) && actor.campusIds.length > 0) {
    parts.push(inArray(students.campusId, actor.campusIds));
  }
  if (actor.kind === "staff") {
    if (roles.includes("advisor")) parts.push(eq(students.advisorId, actor.staffId));
    if (roles.includes("head_teacher")) parts.push(eq(students.headTeacherId, actor.staffId));
    if (roles.includes("teacher")) {
      parts.push(
        sql`${students.id} IN (SELECT ${enrollments.studentId} FROM ${enrollments} JOIN ${classes} ON ${classes.id} = ${enrollments.classId} WHERE ${classes.teacherId} = ${actor.staffId} AND ${enrollments.status} = 'active')`,
      );
    }
  }
  if (parts.length === 0) return sql`0`;
  return parts.length === 1 ? parts[0] : or(...parts);
}

/** Loads a student the actor may see, or throws 404. The one way every area checks student scope. */
export function getStudentInScope(ctx: Ctx, studentId: number): Student {
  const scope = studentScopeCondition(ctx.actor);
  const row = ctx.db
    .select()
    .from(students)
    .where(scope ? and(eq(students.id, studentId), scope) : eq(students.id, studentId))
    .get();
  if (!row) throw notFound("学员");
  return row;
}
