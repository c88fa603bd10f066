// Where the make-ups (补课) of an approved leave stand: for each leave lesson, arranged (which lesson),
// given up (学员放弃补课), still to arrange, or nothing to make up any more (the lesson was cancelled,
// or its attendance is no longer 请假). The todos close when nothing is left to arrange.
import { eq } from "drizzle-orm";
import { approvalInstances, type ApprovalInstanceRow, type Student } from "../../db/schema";
import { notFound, preconditionFailed } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { getStudentInScope } from "../access/studentScope";
import { findAttendance } from "../attendance/recordAttendance";
import { LEAVE_TYPE, isGivenUp, leaveFieldsSchema, makeupEntriesOf, type GivenUpMakeup, type LeaveFields, type Makeup } from "./leaveFields";
import { loadLeaveLessons, type LeaveLesson } from "./leaveLessons";

export type LeaveLessonMakeupState =
  | { kind: "pending" }
  | { kind: "arranged"; makeup: Makeup }
  | { kind: "given_up"; givenUp: GivenUpMakeup }
  /** Cancelled since, or its attendance changed from 请假: nothing to make up. */
  | { kind: "not_needed"; why: "cancelled" | "not_on_leave" };

export type LeaveLessonProgress = LeaveLesson & { state: LeaveLessonMakeupState };

export type MakeupProgress = {
  lessons: LeaveLessonProgress[];
  arranged: number;
  givenUp: number;
  notNeeded: number;
  /** Leave lessons still without a make-up or a give-up (0: the todos are closed). */
  remaining: number;
  /** The leave lessons the todo is about (cancelled ones left out, as when it was opened). */
  total: number;
};

function stateOf(ctx: Ctx, studentId: number, l: LeaveLesson, entries: ReturnType<typeof makeupEntriesOf>): LeaveLessonMakeupState {
  const entry = entries.find((e) => e.leaveLessonId === l.lesson.id);
  if (entry) return isGivenUp(entry) ? { kind: "given_up", givenUp: entry } : { kind: "arranged", makeup: entry };
  if (l.lesson.status === "cancelled") return { kind: "not_needed", why: "cancelled" };
  if (findAttendance(ctx.db, l.lesson.id, studentId)?.status !== "leave") return { kind: "not_needed", why: "not_on_leave" };
  return { kind: "pending" };
}

/** The state of every leave lesson of the instance, in time order, and the counts. */
export function makeupProgress(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields): MakeupProgress {
  const entries = makeupEntriesOf(instance.fields);
  const lessons = loadLeaveLessons(ctx, fields.lessonIds).map((l) => ({ ...l, state: stateOf(ctx, fields.studentId, l, entries) }));
  const count = (kind: LeaveLessonMakeupState["kind"]) => lessons.filter((l) => l.state.kind === kind).length;
  return {
    lessons,
    arranged: count("arranged"),
    givenUp: count("given_up"),
    notNeeded: count("not_needed"),
    remaining: count("pending"),
    total: lessons.filter((l) => l.lesson.status !== "cancelled").length,
  };
}

/**
 * The approved leave whose make-ups are arranged on the make-up page: 404 when it is not a leave or
 * its student is outside the actor's scope, 412 while it is not approved.
 */
export function leaveForMakeup(ctx: Ctx, instanceId: number): { instance: ApprovalInstanceRow; fields: LeaveFields; student: Student } {
  const instance = ctx.db.select().from(approvalInstances).where(eq(approvalInstances.id, instanceId)).get();
  if (!instance || instance.type !== LEAVE_TYPE || instance.studentId === null) throw notFound("请假申请");
  const student = getStudentInScope(ctx, instance.studentId);
  if (instance.status !== "approved") throw preconditionFailed("请假申请尚未通过审批，不能安排补课", { reason: "not_approved" });
  return { instance, fields: leaveFieldsSchema.parse(instance.fields), student };
}
