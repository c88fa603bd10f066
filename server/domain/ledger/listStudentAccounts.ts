// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { courses, hourAccounts, hourLots } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { listStudentAccountsSchema } from "./ledgerSchemas";

/** A student's hour accounts with their lots (balance, value, expiry). */
export function listStudentAccounts({ ctx, input }: { ctx: Ctx; input: z.input<typeof listStudentAccountsSchema> }) {
  requirePermission(ctx.actor, "students.read");
  const { studentId } = parseInput(listStudentAccountsSchema, input);
  getStudentInScope(ctx, studentId);
  const accounts = ctx.db
    .select({ account: hourAccounts, courseName: courses.name })
    .from(hourAccounts)
    .innerJoin(courses, eq(courses.id, hourAccounts.courseId))
    .where(eq(hourAccounts.studentId, studentId))
    .orderBy(asc(hourAccounts.id))
    .all();
  return accounts.map(({ account, courseName }) => ({
    account,
    courseName,
    lots: ctx.db.select().from(hourLots).where(eq(hourLots.accountId, account.id)).orderBy(asc(hourLots.id)).all(),
  }));
}
