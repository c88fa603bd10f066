// A student with tags and guardians: what GET /students/:id and every student write return.
import { eq } from "drizzle-orm";
import { students, type Student } from "../../db/schema";
import { notFound } from "../../errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../context";
import { loadGuardianLinks, type GuardianLink } from "../guardians/guardianLinks";
import { loadTags } from "./studentTags";

export type StudentDetail = Student & { tags: string[]; guardians: GuardianLink[] };

/** Adds tags and guardians to a student row the caller has already checked. */
export function withStudentDetail(ctx: Ctx, row: Student): StudentDetail {
  return { ...row, tags: loadTags(ctx, [row.id]).get(row.id) ?? [], guardians: loadGuardianLinks(ctx, row.id) };
}

/** Reloads a student after a write (the writer was checked; the write may have moved it out of scope). */
export function reloadStudentDetail(ctx: Ctx, id: number): StudentDetail {
  const row = ctx.db.select().from(students).where(eq(students.id, id)).get();
  if (!row) throw notFound("学员");
  return withStudentDetail(ctx, row);
}

/** One student in the actor's scope (404 outside it), with tags and guardians. */
export function getStudent({ ctx, id }: { ctx: Ctx; id: number }): StudentDetail {
  requirePermission(ctx.actor, "students.read");
  return withStudentDetail(ctx, getStudentInScope(ctx, id));
}
