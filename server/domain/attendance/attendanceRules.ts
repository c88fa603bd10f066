// What each attendance status means for the student's hours. Present, late and make-up take the lesson
// off the account; an absence does when the course's absence policy says so, and a leave (请假, marked
// by an approved leave request or by hand) when its leave policy does.
import type { AttendanceStatus, Course } from "../../db/schema";

export function deducts(status: AttendanceStatus, course: Pick<Course, "absencePolicy" | "leavePolicy">): boolean {
  switch (status) {
    case "present":
    case "late":
    case "makeup":
      return true;
    case "absent":
      return course.absencePolicy === "deduct";
    case "leave":
      return course.leavePolicy === "deduct";
  }
}

/** The statuses that mean the student was in the lesson (checked in). */
export const IN_CLASS_STATUSES: readonly AttendanceStatus[] = ["present", "late", "makeup"];
