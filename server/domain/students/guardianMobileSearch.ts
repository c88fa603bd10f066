// Finding students by a guardian's mobile without letting the search rebuild a masked number: only a
// whole number matches (`13812345678`, spaces, dashes and +86 allowed, as mobileSchema reads it), or the
// last four digits together with a name (`张三 2397`, `zs2397`: the four digits the mask shows anyway,
// narrowed by a name). A shorter or longer run of digits never matches a mobile, so a prefix cannot be
// narrowed one digit at a time. Every student found this way is audited like a reveal.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { guardians, studentGuardians, students } from "../../db/schema";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { mobileSchema } from "../../core/input";

/** A query that names a guardian's mobile: the whole number, or a name with the number's last four digits. */
export type MobileQuery = { kind: "full"; mobile: string } | { kind: "last4"; name: string; last4: string };

/** A name (no digits), perhaps a space, then exactly four digits. */
const NAME_AND_LAST4 = /^(\D+?)\s*(\d{4})$/u;

/** The mobile form of `q`, or undefined when `q` is to be read as a name. */
export function parseMobileQuery(q: string): MobileQuery | undefined {
  const full = mobileSchema.safeParse(q);
  if (full.success) return { kind: "full", mobile: full.data };
  const m = NAME_AND_LAST4.exec(q);
  const name = m?.[1]?.trim();
  if (name && m?.[2]) return { kind: "last4", name, last4: m[2] };
  return undefined;
}

/** The guardian side of the query, over `guardians` (the name side is the caller's, over `students`). */
const mobileMatches = (query: MobileQuery): SQL =>
  query.kind === "full" ? eq(guardians.mobile, query.mobile) : sql`substr(${guardians.mobile}, -4) = ${query.last4}`;

/**
 * A condition over `students`: one of the student's guardians has the mobile. A whole number is looked
 * up through the unique mobile index; last four digits are checked per student the name already found.
 */
export function guardianMobileCondition(query: MobileQuery): SQL {
  if (query.kind === "full") {
    return sql`${students.id} IN (SELECT ${studentGuardians.studentId} FROM ${guardians} JOIN ${studentGuardians} ON ${studentGuardians.guardianId} = ${guardians.id} WHERE ${mobileMatches(query)})`;
  }
  return sql`EXISTS (SELECT 1 FROM ${studentGuardians} JOIN ${guardians} ON ${guardians.id} = ${studentGuardians.guardianId} WHERE ${studentGuardians.studentId} = ${students.id} AND ${mobileMatches(query)})`;
}

/**
 * One `guardian.mobile.search` row per (student listed, guardian whose mobile matched): the same weight
 * as `guardian.mobile.reveal`, since the search ties a number the caller typed to a student.
 */
export function auditMobileMatches(ctx: Ctx, query: MobileQuery, studentIds: number[]): void {
  if (studentIds.length === 0) return;
  inTransaction(ctx, (tx) => {
    for (const studentId of studentIds) {
      const matched = tx.db
        .select({ guardianId: studentGuardians.guardianId })
        .from(studentGuardians)
        .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
        .where(and(eq(studentGuardians.studentId, studentId), mobileMatches(query)))
        .all();
      for (const { guardianId } of matched) {
        recordAudit(tx, {
          action: "guardian.mobile.search",
          entityType: "guardian",
          entityId: guardianId,
          details: { studentId, match: query.kind },
          viaStudentId: studentId,
        });
      }
    }
  });
}
