// When a lesson takes check-ins, per its course: from `checkinOpensMinutes` before the start (inclusive)
// until `checkinClosesMinutes` after it (exclusive: at 09:15:00 a 09:00 lesson with 15 minutes is
// closed). A check-in later than the start plus `lateGraceMinutes` is late; at exactly the grace, on time.
import type { Course, Lesson } from "../../db/schema";

const MINUTE = 60_000;

export type CheckinWindow = { opensAt: number; closesAt: number; lateAfter: number };
export type WindowPosition = "not_open" | "present" | "late" | "closed";

export function checkinWindow(
  lesson: Pick<Lesson, "startsAt">,
  course: Pick<Course, "checkinOpensMinutes" | "checkinClosesMinutes" | "lateGraceMinutes">,
): CheckinWindow {
  return {
    opensAt: lesson.startsAt - course.checkinOpensMinutes * MINUTE,
    closesAt: lesson.startsAt + course.checkinClosesMinutes * MINUTE,
    lateAfter: lesson.startsAt + course.lateGraceMinutes * MINUTE,
  };
}

/** Where an instant falls in the window, and so which status a check-in then gets. */
export function windowPosition(w: CheckinWindow, now: number): WindowPosition {
  if (now < w.opensAt) return "not_open";
  if (now >= w.closesAt) return "closed";
  return now > w.lateAfter ? "late" : "present";
}
