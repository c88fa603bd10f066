// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { studentGuardians } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { loadGuardianLink } from "./guardianLinks";
import { unlinkGuardianSchema } from "./guardianSchemas";
import { studentForWrite } from "./guardianWrites";

/** Removes the link (the guardian stays, possibly linked to other students). */
export function unlinkGuardian({ ctx, input }: { ctx: Ctx; input: z.input<typeof unlinkGuardianSchema> }): void {
  const { studentId, guardianId } = parseInput(unlinkGuardianSchema, input);
  inTransaction(ctx, (tx) => {
    studentForWrite(tx, studentId);
    loadGuardianLink(tx, studentId, guardianId);
    tx.db
      .delete(studentGuardians)
      .where(and(eq(studentGuardians.studentId, studentId), eq(studentGuardians.guardianId, guardianId)))
      .run();
  });
}
