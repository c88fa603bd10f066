// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { guardians, studentGuardians } from "../../db/schema";
import { conflict } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLink, loadGuardianLinks, type GuardianLink } from "./guardianLinks";
import { linkGuardianSchema } from "./guardianSchemas";
import { unsetOtherPrimaries, studentForWrite } from "./guardianWrites";

/**
 * Links a guardian to the student. The person is found by normalized mobile (their recorded name is
 * kept) or created; a student's first guardian becomes primary. Linking the same person twice is 409.
 */
export function linkGuardian({ ctx, input }: { ctx: Ctx; input: z.input<typeof linkGuardianSchema> }): GuardianLink {
  const { studentId, ...data } = parseInput(linkGuardianSchema, input);
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
