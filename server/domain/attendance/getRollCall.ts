// Roll call (点名) for one lesson: the roster (students enrolled on its date, plus anyone already
// recorded, e.g. a make-up student) with each one's current status and hours left, and — before anything
// is saved — what marking them present would do to their hours: how much they would owe (欠课时), and
// whether that goes past the institution's limit (then the mark will not be saved).
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { attendance, students, type Attendance } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { activeStudentIdsOfClass } from "../scheduling/enrollmentQueries";
import { idSchema, parseInput } from "../../core/input";
import { lessonForAttendance, type LessonContext } from "./lessonForAttendance";
import { standingDeduction } from "./recordAttendance";
import { findAccount, lotsOf, usableHours } from "../ledger/hourAccounts";
import { owedLimitOf, owingOutlook } from "../ledger/hoursOwed";

/** getRollCall: the lesson. */
export const getRollCallSchema = z.object({ lessonId: idSchema });

export type RosterEntry = {
  studentId: number;
  name: string;
  enrolled: boolean;
  attendance: Attendance | null;
  /** Usable hours now (negative: owed). */
  balanceHours: number;
  /** Hours owed now (≥ 0). */
  owedHours: number;
  /** Hours a deducting mark (出勤, 迟到…) would add to what is owed (0: covered, or already deducted). */
  wouldOweHours: number;
  /** Such a mark would go past the limit of hours owed: it will not be saved. */
  overLimit: boolean;
};

export type Roster = LessonContext & {
  entries: RosterEntry[];
  /** The most a student may owe in this course (hundredths); null: no limit (the course allows overdraft). */
  owedLimit: number | null;
};

export function roster(ctx: Ctx, lc: LessonContext): Roster {
  const enrolledIds = activeStudentIdsOfClass(ctx.db, lc.klass.id, businessDate(lc.lesson.startsAt, ctx.tz));
  const records = ctx.db.select().from(attendance).where(eq(attendance.lessonId, lc.lesson.id)).all();
  const byStudent = new Map(records.map((r) => [r.studentId, r]));
  const enrolled = new Set(enrolledIds);
  const ids = [...enrolledIds, ...records.map((r) => r.studentId).filter((id) => !enrolled.has(id))];
  const names = new Map(
    ids.length === 0
      ? []
      : ctx.db.select({ id: students.id, name: students.name }).from(students).where(inArray(students.id, ids)).all().map((s) => [s.id, s.name]),
  );
  const now = ctx.clock.now();
  const owedLimit = owedLimitOf(ctx, lc.course);
  const entries = ids.map((id): RosterEntry => {
    const account = findAccount(ctx.db, id, lc.klass.courseId);
    const lots = account ? lotsOf(ctx.db, account.id) : [];
    const record = byStudent.get(id) ?? null;
    // Already deducted, or a make-up (which stays one and keeps its decision): a mark takes nothing more.
    const settled = record !== null && (record.status === "makeup" || standingDeduction(ctx, record.ledgerOpId) !== null);
    const outlook = owingOutlook(lots, settled ? 0 : lc.course.hoursPerLesson, now, owedLimit);
    return {
      studentId: id,
      name: names.get(id) ?? "",
      enrolled: enrolled.has(id),
      attendance: record,
      balanceHours: usableHours(lots, now),
      owedHours: outlook.owedHours,
      wouldOweHours: outlook.shortfall,
      overLimit: outlook.overLimit,
    };
  });
  return { ...lc, entries, owedLimit };
}

export function getRollCall({ ctx, input }: { ctx: Ctx; input: z.input<typeof getRollCallSchema> }): Roster {
  requirePermission(ctx.actor, "attendance.write");
  const { lessonId } = parseInput(getRollCallSchema, input);
  return roster(ctx, lessonForAttendance(ctx, lessonId));
}
