// The ledger as people use it through the API: look at a student's accounts and history, deduct by
// hand, correct a deduction, give hours, transfer. Each checks permission and the student's scope, and
// runs in one transaction; the primitives underneath are shared with orders and attendance.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import { courses, hourAccounts, hourLots, ledgerOps, type LedgerOp } from "../../db/schema";
import { endOfBusinessDay } from "../../core/clock";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage } from "../../core/page";
import { consumeHours } from "./consumeHours";
import { creditGift } from "./creditHours";
import { getAccount } from "./hourAccounts";
import { consumeSchema, correctionSchema, giftSchema, ledgerPageSchema, transferSchema } from "./ledgerSchemas";
import { reverseOp } from "./reverseOp";
import { transferHours } from "./transferHours";

/** An account the caller may see (its student in scope), or 404. */
function accountInScope(ctx: Ctx, accountId: number) {
  const account = getAccount(ctx.db, accountId);
  try {
    getStudentInScope(ctx, account.studentId);
  } catch {
    throw notFound("课时账户");
  }
  return account;
}

/** A student's hour accounts with their lots (balance, value, expiry). */
export function listStudentAccounts(ctx: Ctx, studentId: number) {
  requirePermission(ctx.actor, "students.read");
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

/** The account's operations, newest first. */
export function listAccountOps(ctx: Ctx, accountId: number, input: z.input<typeof ledgerPageSchema>) {
  requirePermission(ctx.actor, "students.read");
  const q = parseInput(ledgerPageSchema, input);
  accountInScope(ctx, accountId);
  const rows = ctx.db
    .select()
    .from(ledgerOps)
    .where(and(eq(ledgerOps.accountId, accountId), q.cursor ? lt(ledgerOps.id, q.cursor) : undefined))
    .orderBy(desc(ledgerOps.id))
    .limit(q.limit + 1)
    .all();
  return toPage(rows, q.limit);
}

export function consumeManually({ ctx, accountId, input }: { ctx: Ctx; accountId: number; input: z.input<typeof consumeSchema> }): LedgerOp {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(consumeSchema, input);
  return inTransaction(ctx, (ctx) => {
    const account = accountInScope(ctx, accountId);
    return consumeHours(ctx, {
      studentId: account.studentId,
      courseId: account.courseId,
      hours: data.hours,
      kind: data.kind,
      key: data.idempotencyKey ? `manual:${data.idempotencyKey}` : null,
      reason: data.reason,
      refType: "manual",
    });
  });
}

export function correctOp({ ctx, opId, input }: { ctx: Ctx; opId: number; input: z.input<typeof correctionSchema> }): LedgerOp {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(correctionSchema, input);
  return inTransaction(ctx, (ctx) => {
    const op = ctx.db.select().from(ledgerOps).where(eq(ledgerOps.id, opId)).get();
    if (!op) throw notFound("课时流水");
    accountInScope(ctx, op.accountId);
    return reverseOp(ctx, { opId, reason: data.reason });
  });
}

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

export function transferFromAccount({ ctx, accountId, input }: { ctx: Ctx; accountId: number; input: z.input<typeof transferSchema> }) {
  requirePermission(ctx.actor, "ledger.write");
  const data = parseInput(transferSchema, input);
  return inTransaction(ctx, (ctx) => {
    const account = accountInScope(ctx, accountId);
    getStudentInScope(ctx, data.toStudentId);
    return transferHours(ctx, {
      fromStudentId: account.studentId,
      fromCourseId: account.courseId,
      toStudentId: data.toStudentId,
      toCourseId: data.toCourseId,
      hours: data.hours,
      reason: data.reason,
      key: `transfer:${data.idempotencyKey ?? randomUUID()}`,
    });
  });
}
