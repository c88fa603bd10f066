// The class a renewing student could move on to: the next class of the same course at the campus that
// has not started yet and still has seats, so the advisor offers a date and a place, not only a price.
import { sql } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { businessDate } from "../../core/clock";

export type NextTermClass = { classId: number; name: string; startDate: string; seatsLeft: number };

/** The classes of a course at a campus not started yet with seats, soonest first (a few: one per student is taken). */
function upcomingClasses(ctx: Ctx, courseId: number, campusId: number): NextTermClass[] {
  const today = businessDate(ctx.clock.now(), ctx.tz);
  return ctx.db.all<NextTermClass>(sql`
    SELECT * FROM (
      SELECT k.id AS classId, k.name AS name, k.start_date AS startDate,
        k.capacity - (SELECT COUNT(*) FROM enrollments e WHERE e.class_id = k.id AND e.status = 'active') AS seatsLeft
      FROM classes k
      WHERE k.course_id = ${courseId} AND k.campus_id = ${campusId} AND k.status = 'active' AND k.start_date > ${today}
    ) WHERE seatsLeft > 0 ORDER BY startDate, classId LIMIT 5`);
}

/**
 * A finder for many students at once (a scan's candidates): the classes of each course and campus are
 * read once, then each student gets the first they are not already enrolled in.
 */
export function nextTermClassFinder(ctx: Ctx): (input: { studentId: number; courseId: number; campusId: number }) => NextTermClass | null {
  const memo = new Map<string, NextTermClass[]>();
  return (input) => {
    const key = `${input.courseId}:${input.campusId}`;
    let list = memo.get(key);
    if (!list) memo.set(key, (list = upcomingClasses(ctx, input.courseId, input.campusId)));
    for (const k of list) {
      const enrolled = ctx.db.get(sql`SELECT 1 AS x FROM enrollments WHERE class_id = ${k.classId} AND student_id = ${input.studentId}`);
      if (!enrolled) return k;
    }
    return null;
  };
}
