// How far roll call has got for some lessons: the students it covers (enrolled on the lesson's date, plus
// anyone already recorded, as the roster counts them), how many are marked, how many are in the room.
// An automatic row (缺勤·自动记录·待确认) is not a mark: a lesson nobody marked is 未点名, never done.
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
  /** Of them, how many have a status recorded by a person or a QR check-in (any status; automatic rows do not count). */
  marked: number;
  /** Automatic absences still waiting for a person to confirm them. */
  automatic: number;
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
    .select({ lessonId: attendance.lessonId, studentId: attendance.studentId, status: attendance.status, channel: attendance.channel })
    .from(attendance)
    .where(inArray(attendance.lessonId, list.map((l) => l.id)))
    .all();
  return new Map(
    list.map((lesson) => {
      const recorded = records.filter((r) => r.lessonId === lesson.id);
      const roster = new Set([...studentsOnDate(enrolled, lesson.classId, businessDate(lesson.startsAt, ctx.tz)), ...recorded.map((r) => r.studentId)]);
      const marked = recorded.filter((r) => r.channel !== "auto");
      const progress = {
        students: roster.size,
        marked: marked.length,
        automatic: recorded.length - marked.length,
        checkedIn: marked.filter((r) => IN_CLASS_STATUSES.includes(r.status)).length,
        done: roster.size > 0 && marked.length === roster.size,
      };
      return [lesson.id, progress];
    }),
  );
}
