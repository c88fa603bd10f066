// Migration of the old automatic absences: the after-class job used to write 缺勤 (channel `auto`) and
// deduct hours where the course deducts for absence. An automatic row never deducts now, so each one
// whose deduction still stands gets it back through a compensating ledger operation (keyed by the row:
// a second run, or a crash half-way, never gives back twice) and forgets it (ledgerOpId null). The rows
// themselves stay, as automatic absences awaiting a person's confirmation. Idempotent; runs at start-up.
import { and, eq, isNotNull } from "drizzle-orm";
import { attendance, classes, lessons } from "../../db/schema";
import { monthDayTime } from "../../core/clock";
import { inTransaction, type Ctx } from "../../core/context";
import { recordAudit } from "../audit/recordAudit";
import { reverseOp } from "../ledger/reverseOp";
import { standingDeduction } from "./recordAttendance";

export function undoAutoAbsenceDeductions({ ctx }: { ctx: Ctx }): { rows: number; reversed: number } {
  const rows = ctx.db
    .select({ id: attendance.id, ledgerOpId: attendance.ledgerOpId, studentId: attendance.studentId, startsAt: lessons.startsAt, className: classes.name })
    .from(attendance)
    .innerJoin(lessons, eq(lessons.id, attendance.lessonId))
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(and(eq(attendance.channel, "auto"), isNotNull(attendance.ledgerOpId)))
    .all();
  const summary = { rows: rows.length, reversed: 0 };
  for (const row of rows) {
    const opId = row.ledgerOpId;
    if (opId === null) continue;
    inTransaction(ctx, (tx) => {
      // A deduction already corrected (by hand in the ledger) has nothing left to give back.
      if (standingDeduction(tx, opId) !== null) {
        const op = reverseOp(tx, { opId, reason: `${row.className} ${monthDayTime(row.startsAt, tx.tz)} 自动记录的缺勤不扣课时，退回`, key: `auto-absence:${row.id}:undo` });
        recordAudit(tx, { action: "attendance.auto_absence_refunded", entityType: "attendance", entityId: row.id, details: { studentId: row.studentId, ledgerOpId: opId, correctionOpId: op.id } });
        summary.reversed += 1;
      }
      tx.db.update(attendance).set({ ledgerOpId: null }).where(eq(attendance.id, row.id)).run();
    });
  }
  return summary;
}
