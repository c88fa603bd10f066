// A guardian as seen from one student: the person (name, mobile) and the link (relation, primary).
// Carries the full mobile inside the server; presenters always mask it.
import { and, asc, desc, eq } from "drizzle-orm";
import { guardians, studentGuardians, type GuardianRelation } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";

export type GuardianLink = {
  guardianId: number;
  studentId: number;
  name: string;
  mobile: string;
  relation: GuardianRelation;
  isPrimary: boolean;
  linkedAt: number;
};

const linkColumns = {
  guardianId: guardians.id,
  studentId: studentGuardians.studentId,
  name: guardians.name,
  mobile: guardians.mobile,
  relation: studentGuardians.relation,
  isPrimary: studentGuardians.isPrimary,
  linkedAt: studentGuardians.createdAt,
};

/** The student's guardians, the primary one first. */
export function loadGuardianLinks(ctx: Ctx, studentId: number): GuardianLink[] {
  return ctx.db
    .select(linkColumns)
    .from(studentGuardians)
    .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
    .where(eq(studentGuardians.studentId, studentId))
    .orderBy(desc(studentGuardians.isPrimary), asc(studentGuardians.createdAt), asc(guardians.id))
    .all();
}

/** One guardian of the student, or 404 when that guardian is not linked to the student. */
export function loadGuardianLink(ctx: Ctx, studentId: number, guardianId: number): GuardianLink {
  const row = ctx.db
    .select(linkColumns)
    .from(studentGuardians)
    .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
    .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)))
    .get();
  if (!row) throw notFound("家长");
  return row;
}
