// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import { and, eq, ne } from "drizzle-orm";
import type { z } from "zod";
import { guardians, studentGuardians } from "../../db/schema";
import { conflict } from "../../core/errors";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLink, loadGuardianLinks, type GuardianLink } from "./guardianLinks";
import { guardianLinkSchema, guardianLinkUpdateSchema } from "./guardianSchemas";

/** Clears the primary flag of the student's other guardians (call inside a transaction). */
function unsetOtherPrimaries(ctx: Ctx, studentId: number, keepGuardianId: number): void {
  ctx.db
    .update(studentGuardians)
    .set({ isPrimary: false })
    .where(and(eq(studentGuardians.studentId, studentId), ne(studentGuardians.guardianId, keepGuardianId)))
    .run();
}

/** Loads the student for a guardian write: permission, scope (404) and campus (403). */
function studentForWrite(ctx: Ctx, studentId: number) {
  requirePermission(ctx.actor, "students.write");
  const student = getStudentInScope(ctx, studentId);
  requireCampus(ctx.actor, student.campusId);
  return student;
}

/** The guardians of a student in scope, primary first. */
export function listGuardians({ ctx, studentId }: { ctx: Ctx; studentId: number }): GuardianLink[] {
  requirePermission(ctx.actor, "students.read");
  getStudentInScope(ctx, studentId);
  return loadGuardianLinks(ctx, studentId);
}

/**
 * Links a guardian to the student. The person is found by normalized mobile (their recorded name is
 * kept) or created; a student's first guardian becomes primary. Linking the same person twice is 409.
 */
export function linkGuardian({ ctx, studentId, input }: { ctx: Ctx; studentId: number; input: z.input<typeof guardianLinkSchema> }): GuardianLink {
  const data = parseInput(guardianLinkSchema, input);
  return inTransaction(ctx, (tx) => {
    studentForWrite(tx, studentId);
    const now = tx.clock.now();
    const existing = tx.db.select().from(guardians).where(eq(guardians.mobile, data.mobile)).get();
    const guardian =
      existing ??
      tx.db.insert(guardians).values({ name: data.name, mobile: data.mobile, createdAt: now, updatedAt: now }).returning().get();
    const links = loadGuardianLinks(tx, studentId);
    if (links.some((l) => l.guardianId === guardian.id)) {
      throw conflict("该家长已关联到此学员", { guardianId: guardian.id });
    }
    const isPrimary = data.isPrimary || links.length === 0;
    if (isPrimary) unsetOtherPrimaries(tx, studentId, guardian.id);
    tx.db
      .insert(studentGuardians)
      .values({ studentId, guardianId: guardian.id, relation: data.relation, isPrimary, createdAt: now })
      .run();
    return loadGuardianLink(tx, studentId, guardian.id);
  });
}

/** Changes the relation or primary flag of a link, or the guardian's name. */
export function updateGuardianLink({
  ctx,
  studentId,
  guardianId,
  input,
}: {
  ctx: Ctx;
  studentId: number;
  guardianId: number;
  input: z.input<typeof guardianLinkUpdateSchema>;
}): GuardianLink {
  const data = parseInput(guardianLinkUpdateSchema, input);
  return inTransaction(ctx, (tx) => {
    studentForWrite(tx, studentId);
    loadGuardianLink(tx, studentId, guardianId);
    const where = and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId));
    if (data.isPrimary === true) unsetOtherPrimaries(tx, studentId, guardianId);
    if (data.relation !== undefined || data.isPrimary !== undefined) {
      tx.db.update(studentGuardians).set({ relation: data.relation, isPrimary: data.isPrimary }).where(where).run();
    }
    if (data.name !== undefined) {
      tx.db.update(guardians).set({ name: data.name, updatedAt: tx.clock.now() }).where(eq(guardians.id, guardianId)).run();
    }
    return loadGuardianLink(tx, studentId, guardianId);
  });
}

/** Removes the link (the guardian stays, possibly linked to other students). */
export function unlinkGuardian({ ctx, studentId, guardianId }: { ctx: Ctx; studentId: number; guardianId: number }): void {
  inTransaction(ctx, (tx) => {
    studentForWrite(tx, studentId);
    loadGuardianLink(tx, studentId, guardianId);
    tx.db
      .delete(studentGuardians)
      .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)))
      .run();
  });
}
