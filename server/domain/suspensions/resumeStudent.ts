// Resuming a suspended student (复课): the paused time is given back to their hour lots and their
// enrolments are restored where the class still runs and has a seat. A school takes the student back
// even when a class filled up meanwhile: the student is 在读 again, the enrolment in a full (or ended)
// class stays paused, and the answer names those classes (notRestored) so academic affairs can find a
// seat (updateEnrollment when one frees) or move the student (转班).
import { and, eq, gt, inArray, isNotNull, ne, or } from "drizzle-orm";
import { z } from "zod";
import { classes, enrollments, hourLots } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { changeStudentStatus } from "../students/changeStudentStatus";
import type { StudentDetail } from "../students/studentDetail";
import { idSchema, parseInput } from "../../core/input";
import { countActiveEnrollments } from "../scheduling/enrollmentQueries";
import { pausedEnrollmentIds } from "./applySuspension";
import { DAY_MS } from "./suspensionFields";

export const resumeStudentSchema = z.object({ studentId: idSchema, reason: z.string().trim().max(500).optional() });

/** A paused enrolment resume could not restore: its class is full, or no longer runs. */
export type NotRestored = { enrollmentId: number; classId: number; className: string; reason: "full" | "closed"; message: string };

export type ResumeResult = {
  student: StudentDetail;
  suspendedAt: number;
  pausedMs: number;
  extendedLots: { lotId: number; from: number; to: number }[];
  restoredEnrollmentIds: number[];
  notRestored: NotRestored[];
};

/**
 * Ends a suspension (复课): academic affairs, principals and admins (classes.write). 409 when the
 * student is not suspended. Lots unexpired at the pause's start move on by the paused time.
 */
export function resumeStudent({ ctx, input }: { ctx: Ctx; input: z.input<typeof resumeStudentSchema> }): ResumeResult {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(resumeStudentSchema, input);
  return inTransaction(ctx, (tx) => {
    const current = getStudentInScope(tx, data.studentId);
    if (current.status !== "suspended") throw preconditionFailed("该学员不在休学中", { status: current.status });
    const now = tx.clock.now();
    const suspendedAt = current.statusChangedAt;
    const pausedMs = Math.max(0, now - suspendedAt);
    const student = changeStudentStatus({ ctx: tx, input: { id: current.id, status: "enrolled", reason: data.reason ?? "复课", version: current.version } });

    const lots = tx.db
      .select({ id: hourLots.id, expiresAt: hourLots.expiresAt })
      .from(hourLots)
      .where(
        and(
          eq(hourLots.studentId, current.id),
          ne(hourLots.kind, "overdraft"),
          isNotNull(hourLots.expiresAt),
          gt(hourLots.expiresAt, suspendedAt),
          or(gt(hourLots.remainingHours, 0), gt(hourLots.remainingFen, 0)),
        ),
      )
      .all();
    const extendedLots: ResumeResult["extendedLots"] = [];
    for (const lot of lots) {
      if (lot.expiresAt === null || pausedMs === 0) continue;
      const to = lot.expiresAt + pausedMs;
      tx.db.update(hourLots).set({ expiresAt: to }).where(eq(hourLots.id, lot.id)).run();
      recordAudit(tx, { action: "ledger.lot_extended", entityType: "hour_lot", entityId: lot.id, details: { studentId: current.id, from: lot.expiresAt, to, pausedMs, reason: "休学顺延" } });
      extendedLots.push({ lotId: lot.id, from: lot.expiresAt, to });
    }

    const ids = pausedEnrollmentIds(tx, current.id, suspendedAt);
    const paused =
      ids.length === 0
        ? []
        : tx.db
            .select({ id: enrollments.id, cls: classes })
            .from(enrollments)
            .innerJoin(classes, eq(classes.id, enrollments.classId))
            .where(and(inArray(enrollments.id, ids), eq(enrollments.status, "suspended")))
            .all();
    const restored: number[] = [];
    const notRestored: NotRestored[] = [];
    for (const { id, cls } of paused) {
      if (cls.status !== "active") {
        notRestored.push({ enrollmentId: id, classId: cls.id, className: cls.name, reason: "closed", message: `${cls.name}已结课或已取消，未恢复` });
        continue;
      }
      const taken = countActiveEnrollments(tx.db, cls.id, current.id);
      if (taken >= cls.capacity) {
        notRestored.push({ enrollmentId: id, classId: cls.id, className: cls.name, reason: "full", message: `${cls.name}已满（${taken}/${cls.capacity} 人），未恢复，请另行安排班级` });
        continue;
      }
      tx.db.update(enrollments).set({ status: "active", updatedAt: now }).where(eq(enrollments.id, id)).run();
      restored.push(id);
    }
    recordAudit(tx, {
      action: "student.resumed",
      entityType: "student",
      entityId: current.id,
      details: { suspendedAt, pausedDays: Math.round((pausedMs / DAY_MS) * 100) / 100, extendedLots: extendedLots.length, restoredEnrollmentIds: restored, notRestored },
    });
    return { student, suspendedAt, pausedMs, extendedLots, restoredEnrollmentIds: restored, notRestored };
  });
}
