// A student's guardians: link (find-or-create the person by mobile), change the link, unlink, list.
// One guardian may have several students; each student has at most one primary guardian.
import { and, eq } from "drizzle-orm";
import { studentGuardians } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { loadGuardianLink } from "./guardianLinks";
import { studentForWrite } from "./guardianWrites";

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
