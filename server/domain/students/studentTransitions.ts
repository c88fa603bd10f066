// The student lifecycle (lead → trial → enrolled → suspended → finished / lost) as a table of allowed
// moves, so the rule lives in one place and every caller (API, card, job) is held to it.
import type { StudentStatus } from "../../db/schema";
import { preconditionFailed } from "../../core/errors";
import { STUDENT_STATUS_LABELS } from "../../../shared/students";

/** From each status, the statuses it may move to. */
export const STUDENT_TRANSITIONS: Record<StudentStatus, readonly StudentStatus[]> = {
  lead: ["trial", "enrolled", "lost"],
  trial: ["enrolled", "lost"],
  enrolled: ["suspended", "finished", "lost"],
  suspended: ["enrolled", "finished", "lost"],
  finished: ["enrolled"],
  lost: ["lead"],
};

/** Whether the table allows the move. */
export const canTransition = (from: StudentStatus, to: StudentStatus) => STUDENT_TRANSITIONS[from].includes(to);

/** Throws 409 PRECONDITION_FAILED naming both states when the move is not in the table. */
export function requireTransition(from: StudentStatus, to: StudentStatus): void {
  if (canTransition(from, to)) return;
  throw preconditionFailed(`学员状态不能从“${STUDENT_STATUS_LABELS[from]}”变为“${STUDENT_STATUS_LABELS[to]}”`, {
    from,
    to,
    allowed: STUDENT_TRANSITIONS[from],
  });
}
