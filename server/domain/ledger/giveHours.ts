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
import { giftSchema } from "./ledgerSchemas";

export function giveHours({ ctx, studentId, input }: { ctx: Ctx; studentId: number; input: z.input<typeof giftSchema> }): LedgerOp {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(giftSchema, input);
  return inTransaction(ctx, (ctx) => {
    getStudentInScope(ctx, studentId);
    if (!ctx.db.select({ id: courses.id }).from(courses).where(eq(courses.id, data.courseId)).get()) throw notFound("课程");
    return creditGift(ctx, {
      studentId,
      courseId: data.courseId,
      hours: data.hours,
      expiresAt: data.expiresOn ? endOfBusinessDay(data.expiresOn, ctx.tz) : null,
      key: `gift:${data.idempotencyKey ?? randomUUID()}`,
      reason: data.reason,
      refType: "manual",
    });
  });
}
