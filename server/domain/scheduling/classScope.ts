// The data scope over classes and lessons: admins see all, campus roles the classes of their campuses,
// a teacher the classes they teach, a head teacher the classes they look after. A class or lesson
// outside it answers 404, like one that does not exist.
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { classes, lessons, type Class } from "../../db/schema";
import { notFound, preconditionFailed } from "../../core/errors";
import { requireCampus } from "../access/campusScope";
import { rolesOf } from "../../../shared/permissions";
import type { Actor, Ctx } from "../../core/context";

/** Roles whose scope is their campuses (as for students). */
const CAMPUS_ROLES: readonly string[] = ["principal", "academic", "finance", "service"];

/** A SQL condition over `classes`, or undefined when the actor sees every class. */
export function classScopeCondition(actor: Actor): SQL | undefined {
  if (actor.kind === "system") return undefined;
  const roles = rolesOf(actor);
  if (roles.includes("admin")) return undefined;
  const parts: SQL[] = [];
  if (roles.some((r) => CAMPUS_ROLES.includes(r)) && actor.campusIds.length > 0) {
    parts.push(inArray(classes.campusId, actor.campusIds));
  }
  if (actor.kind === "staff") {
    if (roles.includes("teacher")) parts.push(eq(classes.teacherId, actor.staffId));
    if (roles.includes("head_teacher")) parts.push(eq(classes.headTeacherId, actor.staffId));
  }
  if (parts.length === 0) return sql`0`;
  return parts.length === 1 ? parts[0] : or(...parts);
}

/**
 * A SQL condition over `lessons` joined with `classes`: the lessons of the classes in scope, plus, for a
 * teacher, every lesson they teach (a substitute sees the lesson without seeing the whole class).
 */
export function lessonScopeCondition(actor: Actor): SQL | undefined {
  const classScope = classScopeCondition(actor);
  if (!classScope) return undefined;
  if (actor.kind === "staff" && rolesOf(actor).includes("teacher")) return or(classScope, eq(lessons.teacherId, actor.staffId));
  return classScope;
}

/** Loads a class the actor may see, or throws 404. */
export function getClassInScope(ctx: Ctx, classId: number): Class {
  const scope = classScopeCondition(ctx.actor);
  const row = ctx.db
    .select()
    .from(classes)
    .where(scope ? and(eq(classes.id, classId), scope) : eq(classes.id, classId))
    .get();
  if (!row) throw notFound("班级");
  return row;
}

/** Loads a class the actor may change: 404 outside the scope, 403 for another campus. */
export function getClassToChange(ctx: Ctx, classId: number): Class {
  const cls = getClassInScope(ctx, classId);
  requireCampus(ctx.actor, cls.campusId);
  return cls;
}

/** Throws 409 unless the class is active (a finished or cancelled class takes no students or lessons). */
export function requireOpenClass(cls: Class): void {
  if (cls.status !== "active") throw preconditionFailed("班级已结课或已取消", { classStatus: cls.status });
}
