// The make-up (补课) todo an approved leave opens for academic affairs (教务) of the student's campus.
// Every academic staff member of the campus gets their own todo (platform todo lists are per person,
// and nobody is left out when one is away); whoever assigns the make-ups closes all of them. With no
// academic staff in the campus, the campus principals get it.
import { monthDayTime } from "../../core/clock";
import type { ApprovalInstanceRow } from "../../db/schema";
import { closeTodo, openTodo, openTodoIdsAbout } from "../../outbox/messages";
import type { CardContent } from "../../../cards/cardModel";
import { MAKEUP_TODO_KIND, makeupTodoCard } from "../../../cards/makeupTodoCard";
import { actorColumns, type Ctx } from "../../core/context";
import { studentNameOf } from "../workflow/requestFacts";
import { approvalDetailPath } from "../../../shared/appPaths";
import { staffWithRole } from "../workflow/resolveApprovers";
import { LEAVE_KIND_LABELS, makeupsOf, type LeaveFields } from "./leaveFields";
import { lessonDayText, lessonsSummary, type LeaveLesson } from "./leaveLessons";

export const MAKEUP_TODO_REF = "leave_makeup";

const courseNames = (lessons: LeaveLesson[]) => [...new Set(lessons.map((l) => l.course.name))].join("、");

/** Who arranges make-ups for a campus: its academic staff, else its principals. */
export function makeupStaff(ctx: Ctx, campusId: number | null): number[] {
  if (campusId === null) return [];
  const academic = staffWithRole(ctx, "academic", campusId);
  return academic.length > 0 ? academic : staffWithRole(ctx, "principal", campusId);
}

/** "为 王小明 安排补课（数学 3月9日）", with "等 2 次" when there are more lessons. */
export function makeupSubject(ctx: Ctx, studentName: string, lessons: LeaveLesson[]): string {
  const first = lessons[0];
  const day = first ? lessonDayText(first.lesson.startsAt, ctx.tz) : "";
  const more = lessons.length > 1 ? ` 等 ${lessons.length} 次` : "";
  return `为 ${studentName} 安排补课（${courseNames(lessons)} ${day}${more}）`;
}

/** The todo's card: the facts, and after the last make-up the state line in place of buttons. */
export function makeupCard(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields, lessons: LeaveLesson[], state?: string): CardContent {
  const studentName = studentNameOf(ctx, fields.studentId);
  return makeupTodoCard({
    studentName,
    courseNames: courseNames(lessons),
    lessonsText: lessonsSummary(lessons, ctx.tz),
    leaveKindLabel: LEAVE_KIND_LABELS[fields.kind],
    assigned: makeupsOf(instance.fields).length,
    total: lessons.length,
    detailUrl: approvalDetailPath(instance.id),
    ...(state ? { state } : {}),
  });
}

/** Opens the make-up todos of an approved leave (none when nobody can take them, or nothing to make up). */
export function openMakeupTodos(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields, lessons: LeaveLesson[]): number[] {
  if (lessons.length === 0) return [];
  const subject = makeupSubject(ctx, studentNameOf(ctx, fields.studentId), lessons);
  const card = makeupCard(ctx, instance, fields, lessons);
  return makeupStaff(ctx, instance.campusId).map((staffId) =>
    openTodo(ctx, {
      kind: MAKEUP_TODO_KIND,
      refType: MAKEUP_TODO_REF,
      refId: String(instance.id),
      staffId,
      subject,
      detailUrl: approvalDetailPath(instance.id),
      card,
    }),
  );
}

/** The open make-up todos of a leave. */
export function openMakeupTodoIds(ctx: Ctx, instanceId: number): number[] {
  return openTodoIdsAbout(ctx, { refType: MAKEUP_TODO_REF, refId: String(instanceId) });
}

/** Closes every open make-up todo of the leave as done, its card saying who arranged it and when. */
export function closeMakeupTodos(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields, lessons: LeaveLesson[]): void {
  const state = `已安排补课 · ${actorColumns(ctx.actor).actorLabel} · ${monthDayTime(ctx.clock.now(), ctx.tz)}`;
  const card = makeupCard(ctx, instance, fields, lessons, state);
  for (const id of openMakeupTodoIds(ctx, instance.id)) closeTodo(ctx, id, "done", card);
}
