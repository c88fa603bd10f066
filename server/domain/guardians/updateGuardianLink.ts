// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { guardians, studentGuardians } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLink, type GuardianLink } from "./guardianLinks";
import { updateGuardianLinkSchema } from "./guardianSchemas";
import { unsetOtherPrimaries, studentForWrite } from "./guardianWrites";

/** Changes the relation or primary flag of a link, or the guardian's name. */
export function updateGuardianLink({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateGuardianLinkSchema> }): GuardianLink {
  const { studentId, guardianId, ...data } = parseInput(updateGuardianLinkSchema, input);
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
