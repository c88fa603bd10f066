// How far roll call has got for some lessons: the students it covers (enrolled on the lesson's date, plus
// anyone already recorded, as the roster counts them), how many are marked, how many are in the room.
// A fixed number of queries for any number of lessons, for lists such as the home page's.
import { inArray } from "drizzle-orm";
import { businessDate } from "../../core/clock";
import { attendance, type Lesson } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { IN_CLASS_STATUSES } from "./attendanceRules";
import { activeEnrollmentsOfClasses, studentsOnDate } from "../scheduling/enrollmentQueries";

export type RollCallProgress = {
  /** Students on the roster. */
  students: number;
  /** Of them, how many have a status recorded (any status). */
  marked: number;
  /** Recorded present, late or make-up. */
  checkedIn: number;
  /** Every student on a non-empty roster has a status. */
  done: boolean;
};

/** Progress per lesson id. */
export function rollCallProgress(ctx: Ctx, list: Pick<Lesson, "id" | "classId" | "startsAt">[]): Map<number, RollCallProgress> {
  if (list.length === 0) return new Map();
  const enrolled = activeEnrollmentsOfClasses(ctx.db, [...new Set(list.map((l) => l.classId))]);
  const records = ctx.db
    .select({ lessonId: attendance.lessonId, studentId: attendance.studentId, status: attendance.status })
    .from(attendance)
    .where(inArray(attendance.lessonId, list.map((l) => l.id)))
    .all();
  return new Map(
    list.map((lesson) => {
      const recorded = records.filter((r) => r.lessonId === lesson.id);
      const roster = new Set([...studentsOnDate(enrolled, lesson.classId, businessDate(lesson.startsAt, ctx.tz)), ...recorded.map((r) => r.studentId)]);
      const progress = {
        students: roster.size,
        marked: recorded.length,
        checkedIn: recorded.filter((r) => IN_CLASS_STATUSES.includes(r.status)).length,
        done: roster.size > 0 && recorded.length === roster.size,
      };
      return [lesson.id, progress];
    }),
  );
}
