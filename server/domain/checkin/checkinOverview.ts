// What the phone page shows after a scan: the lesson, whether check-in is open, and each student bound
// to this phone with what they can do (check in, already checked in at HH:mm, not in this lesson, on leave).
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { attendance, type Attendance } from "../../db/schema";
import { isEnrolledFor } from "../attendance/recordAttendance";
import { loadLessonContext, type LessonContext } from "../attendance/lessonForAttendance";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { checkinWindow, windowPosition, type CheckinWindow, type WindowPosition } from "./checkinWindow";
import { studentsOnDevice, type BoundStudent, type Device } from "./devices";

export type StudentState =
  | { kind: "can_check_in" }
  | { kind: "checked_in"; attendance: Attendance }
  | { kind: "on_leave" }
  | { kind: "not_enrolled" };

export type CheckinOverview = LessonContext & {
  window: CheckinWindow;
  position: WindowPosition;
  students: (BoundStudent & { state: StudentState })[];
};

/** checkinOverview: the lesson the scanned token names. */
export const checkinOverviewSchema = z.object({ lessonId: idSchema });

/** The lesson as this phone sees it; `device` is the phone's (undefined: not known yet, nobody bound). */
export function checkinOverview({ ctx, input, device }: { ctx: Ctx; input: z.input<typeof checkinOverviewSchema>; device: Device | undefined }): CheckinOverview {
  const { lessonId } = parseInput(checkinOverviewSchema, input);
  const lc = loadLessonContext(ctx, lessonId);
  const window = checkinWindow(lc.lesson, lc.course);
  const bound = device === undefined ? [] : studentsOnDevice({ ctx, device });
  const rows =
    bound.length === 0
      ? []
      : ctx.db
          .select()
          .from(attendance)
          .where(and(eq(attendance.lessonId, lessonId), inArray(attendance.studentId, bound.map((s) => s.id))))
          .all();
  const byStudent = new Map(rows.map((r) => [r.studentId, r]));
  const stateOf = (studentId: number): StudentState => {
    const row = byStudent.get(studentId);
    if (row && ["present", "late", "makeup"].includes(row.status)) return { kind: "checked_in", attendance: row };
    if (row?.status === "leave") return { kind: "on_leave" };
    if (!row && !isEnrolledFor(ctx, lc, studentId)) return { kind: "not_enrolled" };
    return { kind: "can_check_in" };
  };
  return {
    ...lc,
    window,
    position: windowPosition(window, ctx.clock.now()),
    students: bound.map((s) => ({ ...s, state: stateOf(s.id) })),
  };
}
