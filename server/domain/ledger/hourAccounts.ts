// One hour account per (student, course), created the first time hours are credited or drawn.
import { and, eq, sql } from "drizzle-orm";
import { hourAccounts, hourLots, type HourAccount, type HourLot } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import { prepared } from "../../db/prepared";
import { notFound } from "../../core/errors";

export function findAccount(db: DbOrTx, studentId: number, courseId: number): HourAccount | undefined {
  return prepared(db, "ledger.findAccount", (db) =>
    db
      .select()
      .from(hourAccounts)
      .where(and(eq(hourAccounts.studentId, sql.placeholder("studentId")), eq(hourAccounts.courseId, sql.placeholder("courseId"))))
      .prepare(),
  ).get({ studentId, courseId });
}

export function getOrCreateAccount(db: DbOrTx, studentId: number, courseId: number, now: number): HourAccount {
  return (
    findAccount(db, studentId, courseId) ??
    db.insert(hourAccounts).values({ studentId, courseId, createdAt: now }).returning().get()
  );
}

export function getAccount(db: DbOrTx, accountId: number): HourAccount {
  const row = db.select().from(hourAccounts).where(eq(hourAccounts.id, accountId)).get();
  if (!row) throw notFound("课时账户");
  return row;
}

export function lotsOf(db: DbOrTx, accountId: number): HourLot[] {
  return prepared(db, "ledger.lotsOf", (db) =>
    db.select().from(hourLots).where(eq(hourLots.accountId, sql.placeholder("accountId"))).prepare(),
  ).all({ accountId });
}

/** Hours usable now: what is left in lots not yet expired, less any hours owed (overdraft). */
export function usableHours(lots: HourLot[], now: number): number {
  return lots
    .filter((l) => l.kind === "overdraft" || l.expiresAt === null || l.expiresAt > now)
    .reduce((s, l) => s + l.remainingHours, 0);
}

/** The account's overdraft lot (owed hours), created on first use. */
export function overdraftLot(db: DbOrTx, account: HourAccount, now: number): HourLot {
  const existing = db
    .select()
    .from(hourLots)
    .where(and(eq(hourLots.accountId, account.id), eq(hourLots.kind, "overdraft")))
    .get();
  return (
    existing ??
    db
      .insert(hourLots)
      .values({ accountId: account.id, studentId: account.studentId, kind: "overdraft", createdAt: now })
      .returning()
      .get()
  );
}
