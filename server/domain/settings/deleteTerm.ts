// Terms (学期): named date ranges that a course's leave limit counts in. They may not overlap, so a
// lesson date belongs to at most one term.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { terms } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";

/** deleteTerm: the term. */
export const deleteTermSchema = z.object({ id: idSchema });

export function deleteTerm({ ctx, input }: { ctx: Ctx; input: z.input<typeof deleteTermSchema> }): void {
  requirePermission(ctx.actor, "campuses.write");
  const { id } = parseInput(deleteTermSchema, input);
  inTransaction(ctx, (tx) => {
    const row = tx.db.select().from(terms).where(eq(terms.id, id)).get();
    if (!row) throw notFound("学期");
    tx.db.delete(terms).where(eq(terms.id, id)).run();
    recordAudit(tx, { action: "term.delete", entityType: "term", entityId: row.id, details: { ...row } });
  });
}
