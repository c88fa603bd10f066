// A student with tags and guardians: what GET /students/:id and every student write return.
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { staff, students, type Student } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLinks, type GuardianLink } from "../guardians/guardianLinks";
import { scheduledSuspensionOf, type ScheduledSuspension } from "../suspensions/applySuspension";
import { getStudentSchema } from "./studentSchemas";
import { loadTags } from "./studentTags";

export type StudentDetail = Student & {
  tags: string[];
  guardians: GuardianLink[];
  advisorName: string | null;
  headTeacherName: string | null;
  /** A suspension approved for a later date: the student stays 在读 until then (休学（自 12月20日 起）). */
  scheduledSuspension: ScheduledSuspension | null;
};

/** Adds tags, guardians and the names of who looks after the student to a row the caller has already checked. */
export function withStudentDetail(ctx: Ctx, row: Student): StudentDetail {
  const ids = [row.advisorId, row.headTeacherId].filter((id): id is number => id !== null);
  const names = new Map(
    ids.length === 0 ? [] : ctx.db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, ids)).all().map((s) => [s.id, s.name]),
  );
  return {
    ...row,
    tags: loadTags(ctx, [row.id]).get(row.id) ?? [],
    guardians: loadGuardianLinks(ctx, row.id),
    advisorName: row.advisorId === null ? null : (names.get(row.advisorId) ?? null),
    headTeacherName: row.headTeacherId === null ? null : (names.get(row.headTeacherId) ?? null),
    scheduledSuspension: row.status === "enrolled" ? scheduledSuspensionOf(ctx, row.id) : null,
  };
}

/** Reloads a student after a write (the writer was checked; the write may have moved it out of scope). */
export function reloadStudentDetail(ctx: Ctx, id: number): StudentDetail {
  const row = ctx.db.select().from(students).where(eq(students.id, id)).get();
  if (!row) throw notFound("学员");
  return withStudentDetail(ctx, row);
}

/** One student in the actor's scope (404 outside it), with tags and guardians. */
export function getStudent({ ctx, input }: { ctx: Ctx; input: z.input<typeof getStudentSchema> }): StudentDetail {
  requirePermission(ctx.actor, "students.read");
  const { id } = parseInput(getStudentSchema, input);
  return withStudentDetail(ctx, getStudentInScope(ctx, id));
}
