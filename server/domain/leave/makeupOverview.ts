// The make-up page of an approved leave (补课安排), for the staff who arrange make-ups (attendance
// rights, the student in their scope): the student, each lesson missed on leave with what became of
// it, and for each one still to arrange the lessons it can be made up in.
import { z } from "zod";
import type { ApprovalInstanceRow, Student } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import type { LeaveFields } from "./leaveFields";
import { loadLeaveLessons, type LeaveLesson } from "./leaveLessons";
import { makeupCandidates, type MakeupCandidate } from "./makeupCandidates";
import { leaveForMakeup, makeupProgress, type LeaveLessonProgress, type MakeupProgress } from "./makeupProgress";

export const makeupOverviewSchema = z.object({ instanceId: idSchema });

export type MakeupLessonView = LeaveLessonProgress & {
  /** The lesson it is made up in (arranged). */
  makeupLesson: LeaveLesson | null;
  /** Where it can be made up (still to arrange); empty otherwise. */
  candidates: MakeupCandidate[];
};

export type MakeupOverview = {
  instance: ApprovalInstanceRow;
  fields: LeaveFields;
  student: Student;
  lessons: MakeupLessonView[];
  progress: Omit<MakeupProgress, "lessons">;
};

export function makeupOverview({ ctx, input }: { ctx: Ctx; input: z.input<typeof makeupOverviewSchema> }): MakeupOverview {
  requirePermission(ctx.actor, "attendance.write");
  const { instanceId } = parseInput(makeupOverviewSchema, input);
  const { instance, fields, student } = leaveForMakeup(ctx, instanceId);
  const { lessons, ...progress } = makeupProgress(ctx, instance, fields);
  const arrangedIds = lessons.flatMap((l) => (l.state.kind === "arranged" ? [l.state.makeup.makeupLessonId] : []));
  const made = new Map(loadLeaveLessons(ctx, arrangedIds).map((l) => [l.lesson.id, l]));
  return {
    instance,
    fields,
    student,
    progress,
    lessons: lessons.map((l) => ({
      ...l,
      makeupLesson: l.state.kind === "arranged" ? (made.get(l.state.makeup.makeupLessonId) ?? null) : null,
      candidates: l.state.kind === "pending" ? makeupCandidates(ctx, student.id, student.campusId, l) : [],
    })),
  };
}
