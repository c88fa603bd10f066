// Reading orders: one order with everything on it, and the list within the caller's data scope.
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { orders, students } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { studentScopeCondition } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage } from "../../core/page";
import { orderListSchema } from "./orderSchemas";

export function listOrders({ ctx, input }: { ctx: Ctx; input: z.input<typeof orderListSchema> }) {
  requirePermission(ctx.actor, "orders.read");
  const q = parseInput(orderListSchema, input);
  const conds: (SQL | undefined)[] = [
    studentScopeCondition(ctx.actor),
    q.studentId ? eq(orders.studentId, q.studentId) : undefined,
    q.campusId ? eq(orders.campusId, q.campusId) : undefined,
    q.status ? eq(orders.status, q.status) : undefined,
    q.cursor ? lt(orders.id, q.cursor) : undefined,
  ];
  const rows = ctx.db
    .select({ order: orders, studentName: students.name })
    .from(orders)
    .innerJoin(students, eq(students.id, orders.studentId))
    .where(and(...conds))
    .orderBy(desc(orders.id))
    .limit(q.limit + 1)
    .all()
    .map((r) => ({ ...r.order, studentName: r.studentName }));
  return toPage(rows, q.limit);
}
