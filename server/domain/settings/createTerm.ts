// Terms (学期): named date ranges that a course's leave limit counts in. They may not overlap, so a
// lesson date belongs to at most one term.
import { and, eq, gte, lte } from "drizzle-orm";
import { z } from "zod";
import { terms, type Term } from "../../db/schema";
import { conflict, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";

/** A calendar day as the term form sends it. */
const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");

export const termInputSchema = z.object({
  name: z.string().trim().min(1).max(40),
  startDate: businessDate,
  endDate: businessDate,
});

export function createTerm({ ctx, input }: { ctx: Ctx; input: z.input<typeof termInputSchema> }): Term {
  requirePermission(ctx.actor, "campuses.write");
  const data = parseInput(termInputSchema, input);
  if (data.endDate < data.startDate) throw validationError([{ path: "endDate", message: "结束日期不能早于开始日期" }]);
  return inTransaction(ctx, (tx) => {
    const overlap = tx.db
      .select()
      .from(terms)
      .where(and(lte(terms.startDate, data.endDate), gte(terms.endDate, data.startDate)))
      .get();
    if (overlap) throw conflict(`与学期“${overlap.name}”（${overlap.startDate} 至 ${overlap.endDate}）重叠`);
    const taken = tx.db.select({ id: terms.id }).from(terms).where(eq(terms.name, data.name)).get();
    if (taken) throw conflict(`学期“${data.name}”已存在`);
    const now = tx.clock.now();
    const row = tx.db.insert(terms).values({ ...data, createdAt: now, updatedAt: now }).returning().get();
    recordAudit(tx, { action: "term.create", entityType: "term", entityId: row.id, details: { ...data } });
    return row;
  });
}
