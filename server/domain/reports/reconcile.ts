// Proves the two identities of the ledger for every student, and that every cached lot balance equals
// the sum of its entries:
//   money: paid + transferred in = recognized + refunded + transferred out + deferred
//   hours: bought (purchase + gift) + transferred in = used + refunded + transferred out + expired + remaining
// "recognized" includes revenue from expiry and overdraft settlement; "used" is net of corrections.
// It also refuses negative balances: a lot below zero other than the overdraft lot, which holds hours
// owed (欠课时: allowed on any course, up to the institution's limit, or without one on overdraft courses).
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";

export type StudentTotals = {
  studentId: number;
  paidFen: number;
  refundedFen: number;
  recognizedFen: number;
  deferredFen: number;
  transferInFen: number;
  transferOutFen: number;
  boughtHours: number;
  transferInHours: number;
  usedHours: number;
  refundedHours: number;
  transferOutHours: number;
  expiredHours: number;
  remainingHours: number;
  settleHours: number;
  ledgerRefundFen: number;
};

export type Discrepancy = { studentId: number; check: string; message: string; details: Record<string, number> };

export type ReconcileResult = { ok: boolean; students: number; lots: number; discrepancies: Discrepancy[] };

const TOTALS_SQL = sql`
WITH pay AS (SELECT student_id, SUM(amount_fen) AS paid FROM payments GROUP BY student_id),
     ref AS (SELECT student_id, SUM(amount_fen) AS refunded FROM order_refunds GROUP BY student_id),
     led AS (
       SELECT student_id,
         SUM(recognized_fen) AS recognized,
         SUM(CASE WHEN kind IN ('purchase','gift') THEN hours ELSE 0 END) AS bought,
         SUM(CASE WHEN kind = 'transfer_in' THEN hours ELSE 0 END) AS tin_h,
         SUM(CASE WHEN kind = 'transfer_in' THEN fen ELSE 0 END) AS tin_f,
         -SUM(CASE WHEN kind = 'transfer_out' THEN hours ELSE 0 END) AS tout_h,
         -SUM(CASE WHEN kind = 'transfer_out' THEN fen ELSE 0 END) AS tout_f,
         -SUM(CASE WHEN kind IN ('attendance','absence','correction') THEN hours ELSE 0 END) AS used,
         -SUM(CASE WHEN kind = 'refund' THEN hours ELSE 0 END) AS refunded_h,
         -SUM(CASE WHEN kind = 'refund' THEN fen + recognized_fen ELSE 0 END) AS refunded_f,
         -SUM(CASE WHEN kind = 'expiry' THEN hours ELSE 0 END) AS expired,
         SUM(CASE WHEN kind = 'settle' THEN hours ELSE 0 END) AS settle_h
       FROM ledger_ops GROUP BY student_id),
     lot AS (SELECT student_id, SUM(remaining_hours) AS rem_h, SUM(remaining_fen) AS rem_f FROM hour_lots GROUP BY student_id)
SELECT s.id AS studentId,
  COALESCE(pay.paid, 0) AS paidFen, COALESCE(ref.refunded, 0) AS refundedFen,
  COALESCE(led.recognized, 0) AS recognizedFen, COALESCE(lot.rem_f, 0) AS deferredFen,
  COALESCE(led.tin_f, 0) AS transferInFen, COALESCE(led.tout_f, 0) AS transferOutFen,
  COALESCE(led.bought, 0) AS boughtHours, COALESCE(led.tin_h, 0) AS transferInHours,
  COALESCE(led.used, 0) AS usedHours, COALESCE(led.refunded_h, 0) AS refundedHours,
  COALESCE(led.tout_h, 0) AS transferOutHours, COALESCE(led.expired, 0) AS expiredHours,
  COALESCE(lot.rem_h, 0) AS remainingHours, COALESCE(led.settle_h, 0) AS settleHours,
  COALESCE(led.refunded_f, 0) AS ledgerRefundFen
FROM students s
LEFT JOIN pay ON pay.student_id = s.id
LEFT JOIN ref ON ref.student_id = s.id
LEFT JOIN led ON led.student_id = s.id
LEFT JOIN lot ON lot.student_id = s.id`;

/** Lots whose cached balance differs from their entries, or that are negative where not allowed. */
const LOT_SQL = sql`
SELECT l.id AS lotId, l.student_id AS studentId, l.kind AS kind,
  l.remaining_hours AS cachedHours, l.remaining_fen AS cachedFen,
  COALESCE(e.h, 0) AS entryHours, COALESCE(e.f, 0) AS entryFen, c.allow_overdraft AS allowOverdraft
FROM hour_lots l
JOIN hour_accounts a ON a.id = l.account_id
JOIN courses c ON c.id = a.course_id
LEFT JOIN (SELECT lot_id, SUM(hours) AS h, SUM(fen) AS f FROM ledger_entries GROUP BY lot_id) e ON e.lot_id = l.id
WHERE l.remaining_hours != COALESCE(e.h, 0) OR l.remaining_fen != COALESCE(e.f, 0)
   OR l.remaining_fen < 0
   OR (l.kind != 'overdraft' AND l.remaining_hours < 0)`;

type LotRow = {
  lotId: number;
  studentId: number;
  kind: string;
  cachedHours: number;
  cachedFen: number;
  entryHours: number;
  entryFen: number;
  allowOverdraft: number;
};

/** Checks one student's totals; an empty list means both identities hold. */
export function checkTotals(t: StudentTotals): Discrepancy[] {
  const out: Discrepancy[] = [];
  const moneyIn = t.paidFen + t.transferInFen;
  const moneyOut = t.recognizedFen + t.refundedFen + t.transferOutFen + t.deferredFen;
  if (moneyIn !== moneyOut) {
    out.push({
      studentId: t.studentId,
      check: "money",
      message: `实收 ${moneyIn} 分 ≠ 确认收入 + 退费 + 转出 + 预收 = ${moneyOut} 分`,
      details: { paidFen: t.paidFen, transferInFen: t.transferInFen, recognizedFen: t.recognizedFen, refundedFen: t.refundedFen, transferOutFen: t.transferOutFen, deferredFen: t.deferredFen },
    });
  }
  const hoursIn = t.boughtHours + t.transferInHours + t.settleHours;
  const hoursOut = t.usedHours + t.refundedHours + t.transferOutHours + t.expiredHours + t.remainingHours;
  if (hoursIn !== hoursOut) {
    out.push({
      studentId: t.studentId,
      check: "hours",
      message: `购买 ${hoursIn} ≠ 消耗 + 退课 + 转出 + 过期 + 剩余 = ${hoursOut}（单位 0.01 课时）`,
      details: { boughtHours: t.boughtHours, transferInHours: t.transferInHours, settleHours: t.settleHours, usedHours: t.usedHours, refundedHours: t.refundedHours, transferOutHours: t.transferOutHours, expiredHours: t.expiredHours, remainingHours: t.remainingHours },
    });
  }
  if (t.ledgerRefundFen !== t.refundedFen) {
    out.push({
      studentId: t.studentId,
      check: "refunds",
      message: `退费记录 ${t.refundedFen} 分 ≠ 课时流水退费 ${t.ledgerRefundFen} 分`,
      details: { refundedFen: t.refundedFen, ledgerRefundFen: t.ledgerRefundFen },
    });
  }
  return out;
}

function lotDiscrepancy(r: LotRow): Discrepancy {
  const negative = r.cachedHours < 0 || r.cachedFen < 0;
  const cacheOk = r.cachedHours === r.entryHours && r.cachedFen === r.entryFen;
  return {
    studentId: r.studentId,
    check: cacheOk && negative ? "negative" : "lot_cache",
    message: cacheOk
      ? `课时批次 #${r.lotId} 余额为负（${r.cachedHours}）`
      : `课时批次 #${r.lotId} 缓存余额（${r.cachedHours} / ${r.cachedFen} 分）≠ 流水合计（${r.entryHours} / ${r.entryFen} 分）`,
    details: { lotId: r.lotId, cachedHours: r.cachedHours, cachedFen: r.cachedFen, entryHours: r.entryHours, entryFen: r.entryFen },
  };
}

/** Every student's identities and every lot's cache, checked at once (the CLI, the seed, the report). */
export function reconcile({ ctx }: { ctx: Ctx }): ReconcileResult {
  const db = ctx.db;
  const totals = db.all<StudentTotals>(TOTALS_SQL);
  const lotRows = db.all<LotRow>(LOT_SQL);
  const discrepancies = [...totals.flatMap(checkTotals), ...lotRows.map(lotDiscrepancy)];
  const lots = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM hour_lots`)?.n ?? 0;
  return { ok: discrepancies.length === 0, students: totals.length, lots, discrepancies };
}

/** The totals of one student (for the profile and for tests). */
export function studentTotals(db: DbOrTx, studentId: number): StudentTotals | undefined {
  return db.all<StudentTotals>(sql`SELECT * FROM (${TOTALS_SQL}) WHERE studentId = ${studentId}`)[0];
}

/** The reconciliation as a report: for finance, principals and admins. */
export function reconcileReport({ ctx }: { ctx: Ctx }): ReconcileResult {
  requirePermission(ctx.actor, "reports.read");
  return reconcile({ ctx });
}
