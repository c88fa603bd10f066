// Which student and campus an audit row is about, derived from the entity it names when it is written,
// so that audit reads can apply the reader's data scope (listAudit). The rule, also applied to older
// rows by the backfill at the end of drizzle/0008_security.sql:
// - a row about a student, or about something of one student (order, ledger op, hour lot, attendance,
//   an approval about a student and its tasks), carries that student and the student's campus then;
// - a guardian may have several students, so a guardian row carries the student through whom the
//   guardian was reached (the caller passes it: a reveal or a search is always made on a student);
// - a lesson, a class, or an approval without a student carries only its campus;
// - anything else (settings, staff, tokens, terms, jobs, outbox, flow definitions, API calls) carries
//   neither and is institution-wide: only admins read it.
import { eq, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { prepared } from "../../db/prepared";
import { approvalInstances, approvalTasks, attendance, classes, hourLots, ledgerOps, lessons, orders, students } from "../../db/schema";
import type { DbOrTx } from "../../db/client";

export type AuditScope = { studentId: number | null; campusId: number | null };

const NONE: AuditScope = { studentId: null, campusId: null };
const id = sql.placeholder("id");
const noStudent = sql<number | null>`null`;

/** The student's own row: its id and its campus now. */
const studentScope = (db: DbOrTx, studentId: number): AuditScope | undefined =>
  prepared(db, "audit.scope.student", (db) =>
    db.select({ studentId: students.id, campusId: students.campusId }).from(students).where(eq(students.id, id)).prepare(),
  ).get({ id: studentId });

/** The lookup for a table whose rows each belong to one student (`studentColumn`). */
function throughStudent(name: string, table: SQLiteTable, idColumn: SQLiteColumn, studentColumn: SQLiteColumn) {
  return (db: DbOrTx, entityId: number): AuditScope | undefined =>
    prepared(db, `audit.scope.${name}`, (db) =>
      db
        .select({ studentId: students.id, campusId: students.campusId })
        .from(table)
        .innerJoin(students, eq(students.id, studentColumn))
        .where(eq(idColumn, id))
        .prepare(),
    ).get({ id: entityId });
}

/** One prepared lookup per entity type that belongs to a student or a campus. */
const ENTITY_SCOPES: Record<string, (db: DbOrTx, entityId: number) => AuditScope | undefined> = {
  student: studentScope,
  order: throughStudent("order", orders, orders.id, orders.studentId),
  ledger_op: throughStudent("ledgerOp", ledgerOps, ledgerOps.id, ledgerOps.studentId),
  hour_lot: throughStudent("hourLot", hourLots, hourLots.id, hourLots.studentId),
  attendance: throughStudent("attendance", attendance, attendance.id, attendance.studentId),
  approval_instance: (db, entityId) =>
    prepared(db, "audit.scope.approvalInstance", (db) =>
      db
        .select({ studentId: approvalInstances.studentId, campusId: sql<number | null>`coalesce(${students.campusId}, ${approvalInstances.campusId})` })
        .from(approvalInstances)
        .leftJoin(students, eq(students.id, approvalInstances.studentId))
        .where(eq(approvalInstances.id, id))
        .prepare(),
    ).get({ id: entityId }),
  approval_task: (db, entityId) =>
    prepared(db, "audit.scope.approvalTask", (db) =>
      db
        .select({ studentId: approvalInstances.studentId, campusId: sql<number | null>`coalesce(${students.campusId}, ${approvalInstances.campusId})` })
        .from(approvalTasks)
        .innerJoin(approvalInstances, eq(approvalInstances.id, approvalTasks.instanceId))
        .leftJoin(students, eq(students.id, approvalInstances.studentId))
        .where(eq(approvalTasks.id, id))
        .prepare(),
    ).get({ id: entityId }),
  lesson: (db, entityId) =>
    prepared(db, "audit.scope.lesson", (db) =>
      db
        .select({ studentId: noStudent, campusId: classes.campusId })
        .from(lessons)
        .innerJoin(classes, eq(classes.id, lessons.classId))
        .where(eq(lessons.id, id))
        .prepare(),
    ).get({ id: entityId }),
  class: (db, entityId) =>
    prepared(db, "audit.scope.class", (db) =>
      db.select({ studentId: noStudent, campusId: classes.campusId }).from(classes).where(eq(classes.id, id)).prepare(),
    ).get({ id: entityId }),
};

/**
 * The scope of an audit row about `entityType` #`entityId`. `viaStudentId` is the student through whom
 * an entity without a student of its own was reached (a guardian); the entity's own student wins.
 */
export function auditScope(db: DbOrTx, entityType: string, entityId: number | null, viaStudentId?: number): AuditScope {
  const lookup = ENTITY_SCOPES[entityType];
  const own = lookup && entityId !== null ? lookup(db, entityId) : undefined;
  if (own && own.studentId !== null) return own;
  if (viaStudentId !== undefined) return studentScope(db, viaStudentId) ?? NONE;
  return own ?? NONE;
}
