// Tags of students: read for many students in one query, replaced as a whole on update.
import { asc, eq, inArray } from "drizzle-orm";
import { studentTags } from "../../db/schema";
import type { Ctx } from "../context";

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

/** Replaces the student's tags (call inside a transaction). */
export function replaceTags(ctx: Ctx, studentId: number, tags: string[]): void {
  ctx.db.delete(studentTags).where(eq(studentTags.studentId, studentId)).run();
  if (tags.length > 0) ctx.db.insert(studentTags).values(tags.map((tag) => ({ studentId, tag }))).run();
}
