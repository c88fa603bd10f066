// Who is in a class, and when: the one definition of "a student of a lesson" (an enrolment whose
// fromDate is on or before the lesson's business date and that is active, or that ended — finished or
// transferred — on or after that date: endDate is the last roster date), shared by conflict checks,
// roll call and check-in. Without a date, only active enrolments count (the class as it is now).
// A paused (suspended) enrolment is on no roster.
import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lte, ne, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import type { DbOrTx } from "../../db/client";
import { enrollments } from "../../db/schema";

/** An enrolment on some roster, reduced to what scheduling needs (endDate: last roster date, if ended). */
export type ActiveEnrollment = { classId: number; studentId: number; fromDate: string; endDate: string | null };

/** On the roster of a lesson on `onDate`: active and not past its end, or ended on or after that date. */
function onRosterOf(onDate: string | Placeholder): SQL | undefined {
  return and(
    lte(enrollments.fromDate, onDate),
    or(
      and(eq(enrollments.status, "active"), or(isNull(enrollments.endDate), gte(enrollments.endDate, onDate))),
      and(inArray(enrollments.status, ["finished", "transferred"]), isNotNull(enrollments.endDate), gte(enrollments.endDate, onDate)),
    ),
  );
}

/**
 * Students with an active enrolment in the class; with `onDate` (YYYY-MM-DD, the lesson's business
 * date) only those whose enrolment counts from that date or earlier. Sorted by student id.
 */
export function activeStudentIdsOfClass(db: DbOrTx, classId: number, onDate?: string): number[] {
  return db
    .select({ studentId: enrollments.studentId })
    .from(enrollments)
    .where(
      and(eq(enrollments.classId, classId), onDate === undefined ? eq(enrollments.status, "active") : onRosterOf(onDate)),
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
        and(eq(enrollments.classId, sql.placeholder("classId")), eq(enrollments.studentId, sql.placeholder("studentId")), onRosterOf(sql.placeholder("onDate"))),
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

/**
 * Enrolments of several classes that are on some roster (active, or ended with an end date), optionally
 * only of some students (one query); `studentsOnDate` picks a lesson's roster from them.
 */
export function activeEnrollmentsOfClasses(db: DbOrTx, classIds: number[], studentIds?: number[]): ActiveEnrollment[] {
  if (classIds.length === 0 || studentIds?.length === 0) return [];
  return db
    .select({ classId: enrollments.classId, studentId: enrollments.studentId, fromDate: enrollments.fromDate, endDate: enrollments.endDate })
    .from(enrollments)
    .where(
      and(
        inArray(enrollments.classId, classIds),
        or(eq(enrollments.status, "active"), and(inArray(enrollments.status, ["finished", "transferred"]), isNotNull(enrollments.endDate))),
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
    .filter((r) => r.classId === classId && r.fromDate <= date && (r.endDate === null || r.endDate >= date))
    .map((r) => r.studentId)
    .sort((a, b) => a - b);
}
