// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { courses, type LedgerOp } from "../../db/schema";
import { endOfBusinessDay } from "../../core/clock";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { creditGift } from "./creditHours";
import { giveHoursSchema } from "./ledgerSchemas";

export function giveHours({ ctx, input }: { ctx: Ctx; input: z.input<typeof giveHoursSchema> }): LedgerOp {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(giveHoursSchema, input);
  return inTransaction(ctx, (ctx) => {
    getStudentInScope(ctx, data.studentId);
    if (!ctx.db.select({ id: courses.id }).from(courses).where(eq(courses.id, data.courseId)).get()) throw notFound("课程");
    return creditGift(ctx, {
      studentId: data.studentId,
      courseId: data.courseId,
      hours: data.hours,
      expiresAt: data.expiresOn ? endOfBusinessDay(data.expiresOn, ctx.tz) : null,
      key: `gift:${data.idempotencyKey ?? randomUUID()}`,
      reason: data.reason,
      refType: "manual",
    });
  });
}
