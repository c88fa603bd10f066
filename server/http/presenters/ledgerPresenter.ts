// API JSON for hour accounts, lots and ledger operations.
import type { HourAccount, HourLot, LedgerOp } from "../../db/schema";
import { usableHours } from "../../domain/ledger/hourAccounts";
import { hoursText, yuan } from "../../../shared/money";
import { displayActorLabel } from "../../../shared/actorLabels";

export const presentLot = (l: HourLot) => ({
  id: l.id,
  kind: l.kind,
  orderItemId: l.orderItemId,
  sourceLotId: l.sourceLotId,
  creditedHours: l.creditedHours,
  creditedFen: l.creditedFen,
  remainingHours: l.remainingHours,
  remainingHoursText: hoursText(l.remainingHours),
  remainingFen: l.remainingFen,
  remainingYuan: yuan(l.remainingFen),
  /** Price per 课时 of what is left, in fen (rounded; the ledger itself works from exact totals). */
  unitPriceFen: l.remainingHours > 0 ? Math.round((l.remainingFen * 100) / l.remainingHours) : null,
  expiresAt: l.expiresAt,
  createdAt: l.createdAt,
});
export type HourLotJson = ReturnType<typeof presentLot>;

/** The soonest expiry among lots with hours left and not yet expired, with the hours it takes. */
function nextExpiry(lots: HourLot[], now: number): { at: number; hours: number; hoursText: string } | null {
  const expiring = lots.filter((l) => l.kind !== "overdraft" && l.remainingHours > 0 && l.expiresAt !== null && l.expiresAt > now);
  const at = Math.min(...expiring.map((l) => l.expiresAt ?? Infinity));
  if (!Number.isFinite(at)) return null;
  const hours = expiring.filter((l) => l.expiresAt === at).reduce((s, l) => s + l.remainingHours, 0);
  return { at, hours, hoursText: hoursText(hours) };
}

/**
 * An account with its lots. `balanceHours` is what the ledger holds (expired lots count until the
 * expiry job takes them out); `usableHours` is what can still be used at `now`.
 */
export const presentAccount = (a: { account: HourAccount; courseName: string; lots: HourLot[] }, now: number) => {
  const balance = a.lots.reduce((s, l) => s + l.remainingHours, 0);
  const value = a.lots.reduce((s, l) => s + l.remainingFen, 0);
  const usable = usableHours(a.lots, now);
  return {
    id: a.account.id,
    studentId: a.account.studentId,
    courseId: a.account.courseId,
    courseName: a.courseName,
    balanceHours: balance,
    balanceHoursText: hoursText(balance),
    usableHours: usable,
    usableHoursText: hoursText(usable),
    nextExpiry: nextExpiry(a.lots, now),
    deferredFen: value,
    deferredYuan: yuan(value),
    lots: a.lots.map(presentLot),
  };
};
export type HourAccountJson = ReturnType<typeof presentAccount>;

export const presentOp = (o: LedgerOp) => ({
  id: o.id,
  kind: o.kind,
  accountId: o.accountId,
  studentId: o.studentId,
  courseId: o.courseId,
  hours: o.hours,
  hoursText: hoursText(o.hours),
  fen: o.fen,
  recognizedFen: o.recognizedFen,
  recognizedYuan: yuan(o.recognizedFen),
  reason: o.reason,
  actor: { kind: o.actorKind, id: o.actorId, label: displayActorLabel(o.actorLabel) },
  ref: { type: o.refType, id: o.refId },
  reversesOpId: o.reversesOpId,
  at: o.at,
});
export type LedgerOpJson = ReturnType<typeof presentOp>;
