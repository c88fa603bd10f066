// Who is in a class, and when: the one definition of "an active student of a lesson" (an active
// enrolment whose fromDate is on or before the lesson's business date), shared by conflict checks,
// roll call and check-in.
import { and, asc, count, eq, inArray, lte, ne, sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import type { DbOrTx } from "../../db/client";
import { enrollments } from "../../db/schema";

/** An active enrolment, reduced to what scheduling needs. */
export type ActiveEnrollment = { classId: number; studentId: number; fromDate: string };

/**
 * Students with an active enrolment in the class; with `onDate` (YYYY-MM-DD, the lesson's business
 * date) only those whose enrolment counts from that date or earlier. Sorted by student id.
 */
export function activeStudentIdsOfClass(db: DbOrTx, classId: number, onDate?: string): number[] {
  return db
    .select({ studentId: enrollments.studentId })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.classId, classId),
        eq(enrollments.status, "active"),
        onDate === undefined ? undefined : lte(enrollments.fromDate, onDate),
      ),
    )
    .orderBy(asc(enrollments.studentId))
    .all()
    .map((r) => r.studentId);
}

/** Whether one student counts for a lesson of the class on `onDate` (one indexed row, not the roster). */
export function isActiveStudentOfClass(db: DbOrTx, classId: number, studentId: number, onDate: string): boolean {
  const query = prepared(db, "enrollment.isActiveOn", (db) =>
    db
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.classId, sql.placeholder("classId")),
          eq(enrollments.studentId, sql.placeholder("studentId")),
          eq(enrollments.status, "active"),
          lte(enrollments.fromDate, sql.placeholder("onDate")),
        ),
      )
      .prepare(),
  );
  return query.get({ classId, studentId, onDate }) !== undefined;
}

/** How many active enrolments a class has (its seats taken), not counting `exceptStudentId`. */
export function countActiveEnrollments(db: DbOrTx, classId: number, exceptStudentId?: number): number {
  const row = db
    .select({ n: count() })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.classId, classId),
        eq(enrollments.status, "active"),
        exceptStudentId === undefined ? undefined : ne(enrollments.studentId, exceptStudentId),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** Active enrolments of several classes, optionally only of some students (one query). */
export function activeEnrollmentsOfClasses(db: DbOrTx, classIds: number[], studentIds?: number[]): ActiveEnrollment[] {
  if (classIds.length === 0 || studentIds?.length === 0) return [];
  return db
    .select({ classId: enrollments.classId, studentId: enrollments.studentId, fromDate: enrollments.fromDate })
    .from(enrollments)
    .where(
      and(
        inArray(enrollments.classId, classIds),
        eq(enrollments.status, "active"),
        studentIds === undefined ? undefined : inArray(enrollments.studentId, studentIds),
      ),
    )
    .all();
}

/** Classes in which any of the students is actively enrolled. */
export function classIdsOfStudents(db: DbOrTx, studentIds: number[]): number[] {
  if (studentIds.length === 0) return [];
  return db
    .selectDistinct({ classId: enrollments.classId })
    .from(enrollments)
    .where(and(inArray(enrollments.studentId, studentIds), eq(enrollments.status, "active")))
    .all()
    .map((r) => r.classId);
}

/** The students of `classId` a lesson on `date` counts, from already loaded enrolments. */
export function studentsOnDate(rows: ActiveEnrollment[], classId: number, date: string): number[] {
  return rows
    .filter((r) => r.classId === classId && r.fromDate <= date)
    .map((r) => r.studentId)
    .sort((a, b) => a - b);
}
