// Tags of students: read for many students in one query, replaced as a whole on update.
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { students, studentTags } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { studentScopeCondition } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { isSystemTag } from "../../../shared/followupTasks";

/** How many tags the list's tag filter offers. */
const TAG_LIMIT = 100;

/** The tags on the students the actor may see, most used first: the list's tag filter. */
export function listStudentTags({ ctx }: { ctx: Ctx }): { tag: string; students: number }[] {
  requirePermission(ctx.actor, "students.read");
  return ctx.db
    .select({ tag: studentTags.tag, students: count() })
    .from(studentTags)
    .innerJoin(students, eq(students.id, studentTags.studentId))
    .where(and(studentScopeCondition(ctx.actor)))
    .groupBy(studentTags.tag)
    .orderBy(desc(count()), asc(studentTags.tag))
    .limit(TAG_LIMIT)
    .all();
}

/** Tags per student id (every requested id is present, possibly with no tags). */
export function loadTags(ctx: Ctx, studentIds: number[]): Map<number, string[]> {
  const byStudent = new Map<number, string[]>(studentIds.map((id) => [id, []]));
  if (studentIds.length === 0) return byStudent;
  const rows = ctx.db
    .select()
    .from(studentTags)
    .where(inArray(studentTags.studentId, studentIds))
    .orderBy(asc(studentTags.studentId), asc(studentTags.tag))
    .all();
  for (const row of rows) byStudent.get(row.studentId)?.push(row.tag);
  return byStudent;
}

/** Replaces the student's ordinary tags (call inside a transaction); system tags (流失风险) are the rules' and stay as they are. */
export function replaceTags(ctx: Ctx, studentId: number, tags: string[]): void {
  const system = loadTags(ctx, [studentId]).get(studentId)?.filter(isSystemTag) ?? [];
  ctx.db.delete(studentTags).where(eq(studentTags.studentId, studentId)).run();
  const kept = [...new Set([...tags.filter((t) => !isSystemTag(t)), ...system])];
  if (kept.length > 0) ctx.db.insert(studentTags).values(kept.map((tag) => ({ studentId, tag }))).run();
}
