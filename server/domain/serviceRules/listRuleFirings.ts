// The firing log: every task a rule opened, with what it saw (its inputs), newest first, filtered by
// rule, trigger, student and date; within the caller's student scope.
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { followupTasks, ruleFirings, students, type RuleFiringRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { pageSchema, toPage, type Page } from "../../core/page";
import { requirePermission } from "../access/permissions";
import { studentScopeCondition } from "../access/studentScope";

export const ruleFiringListSchema = pageSchema.extend({
  ruleKey: z.string().min(1).optional(),
  trigger: z.string().min(1).optional(),
  studentId: idSchema.optional(),
  /** Epoch ms range of the firing. */
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});

export type RuleFiringItem = RuleFiringRow & { studentName: string; taskState: string | null; ownerId: number | null };

export function listRuleFirings({ ctx, input }: { ctx: Ctx; input: z.input<typeof ruleFiringListSchema> }): Page<RuleFiringItem> {
  requirePermission(ctx.actor, "students.read");
  const q = parseInput(ruleFiringListSchema, input);
  const where: (SQL | undefined)[] = [studentScopeCondition(ctx.actor)];
  if (q.ruleKey) where.push(eq(ruleFirings.ruleKey, q.ruleKey));
  if (q.trigger) where.push(eq(ruleFirings.trigger, q.trigger));
  if (q.studentId !== undefined) where.push(eq(ruleFirings.studentId, q.studentId));
  if (q.from !== undefined) where.push(gte(ruleFirings.at, q.from));
  if (q.to !== undefined) where.push(lt(ruleFirings.at, q.to));
  if (q.cursor !== undefined) where.push(lt(ruleFirings.id, q.cursor));
  const rows = ctx.db
    .select({ firing: ruleFirings, studentName: students.name, taskState: followupTasks.state, ownerId: followupTasks.ownerId })
    .from(ruleFirings)
    .innerJoin(students, eq(students.id, ruleFirings.studentId))
    .leftJoin(followupTasks, eq(followupTasks.id, ruleFirings.taskId))
    .where(and(...where))
    .orderBy(desc(ruleFirings.id))
    .limit(q.limit + 1)
    .all()
    .map((r) => ({ ...r.firing, studentName: r.studentName, taskState: r.taskState, ownerId: r.ownerId }));
  return toPage(rows, q.limit);
}
