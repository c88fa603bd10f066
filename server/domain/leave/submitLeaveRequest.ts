// Submits a leave (请假) for a student: staff through the API (the student in their scope), or a
// guardian through the signed page (as the system, with a requester label). Each lesson must be one of
// the student's coming lessons in a class they are actively enrolled in, without attendance yet and not
// in another pending leave; the course's leave limit per term is checked now (and again at approval).
// A retried submission with the same requestKey answers the instance it created the first time.
import type { ApprovalInstanceRow } from "../../db/schema";
import { conflict, notFound, validationError } from "../../core/errors";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { submittedWithKey } from "../workflow/requestFacts";
import { parseInput } from "../../core/input";
import { startApproval } from "../workflow/startApproval";
import { LEAVE_TYPE, leaveRequestSchema, type LeaveRequestInput } from "./leaveFields";
import { requireWithinLeaveLimit } from "./leaveLimit";
import { leaveRefusal, loadLeaveLessons, pendingLeaveLessons } from "./leaveLessons";
import "./leaveRequestType";

export function submitLeaveRequest({ ctx, input, requesterLabel }: { ctx: Ctx; input: LeaveRequestInput; requesterLabel?: string }): ApprovalInstanceRow {
  const data = parseInput(leaveRequestSchema, input);
  const fields = { studentId: data.studentId, lessonIds: data.lessonIds, kind: data.kind, reason: data.reason };
  return inTransaction(ctx, (tx) => {
    const start = () => startApproval({ ctx: tx, input: { type: LEAVE_TYPE, studentId: data.studentId, fields, requestKey: data.requestKey }, requesterLabel });
    const replay = submittedWithKey(tx, data.requestKey);
    if (replay) return start();
    getStudentInScope(tx, data.studentId);
    const lessons = loadLeaveLessons(tx, data.lessonIds);
    const found = new Set(lessons.map((l) => l.lesson.id));
    const missing = data.lessonIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw notFound(`课次 #${missing.join("、#")} `.trim());
    const pending = pendingLeaveLessons(tx, data.studentId);
    const refusals = lessons.map((l) => ({ l, why: leaveRefusal(tx, data.studentId, l, pending) })).filter((r) => r.why !== null);
    if (refusals.length > 0) {
      const issues = refusals.map((r) => ({ path: `lessonIds.${data.lessonIds.indexOf(r.l.lesson.id)}`, message: r.why?.message ?? "" }));
      const message = issues.map((i) => i.message).join("；");
      if (refusals.every((r) => r.why?.kind === "taken")) throw conflict(message, { reason: "lesson_taken", fields: issues });
      throw validationError(issues, message);
    }
    requireWithinLeaveLimit(tx, { studentId: data.studentId, lessons, stage: "submit" });
    return start();
  });
}
