// The make-up (补课) todo an approved leave opens for academic affairs (教务) of the student's campus.
// Every academic staff member of the campus gets their own todo (platform todo lists are per person,
// and nobody is left out when one is away); with no academic staff in the campus, the campus
// principals get it. The todo and its card link to the make-up page (makeupPath); the card shows the
// progress as lessons are arranged or given up, and whoever settles the last one closes all of them.
import type { ApprovalInstanceRow } from "../../db/schema";
import { closeTodo, openTodo, openTodoIdsAbout, updateCardsAbout } from "../../outbox/messages";
import type { CardContent } from "../../../cards/cardModel";
import { MAKEUP_TODO_KIND, makeupTodoCard } from "../../../cards/makeupTodoCard";
import { actorColumns, type Ctx } from "../../core/context";
import { studentNameOf } from "../workflow/requestFacts";
import { makeupPath } from "../../../shared/appPaths";
import { staffWithRole } from "../workflow/resolveApprovers";
import { LEAVE_KIND_LABELS, type LeaveFields } from "./leaveFields";
import { lessonsSummary, type LeaveLesson } from "./leaveLessons";
import { monthDay } from "../../core/clock";
import { makeupProgress, type MakeupProgress } from "./makeupProgress";
import { displayActorLabel } from "../../../shared/actorLabels";

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
  const day = first ? monthDay(first.lesson.startsAt, ctx.tz) : "";
  const more = lessons.length > 1 ? ` 等 ${lessons.length} 次` : "";
  return `为 ${studentName} 安排补课（${courseNames(lessons)} ${day}${more}）`;
}

/** The todo's card: the facts and the progress, and once nothing is left to arrange the state line in place of buttons. */
export function makeupCard(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields, progress: MakeupProgress, state?: string): CardContent {
  const studentName = studentNameOf(ctx, fields.studentId);
  const lessons = progress.lessons.filter((l) => l.lesson.status !== "cancelled");
  return makeupTodoCard({
    studentName,
    courseNames: courseNames(lessons),
    lessonsText: lessonsSummary(lessons, ctx.tz),
    leaveKindLabel: LEAVE_KIND_LABELS[fields.kind],
    assigned: progress.arranged,
    givenUp: progress.givenUp,
    total: progress.total,
    detailUrl: makeupPath(instance.id),
    ...(state ? { state } : {}),
  });
}

/** Opens the make-up todos of an approved leave (none when nobody can take them, or nothing to make up). */
export function openMakeupTodos(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields, lessons: LeaveLesson[]): number[] {
  if (lessons.length === 0) return [];
  const subject = makeupSubject(ctx, studentNameOf(ctx, fields.studentId), lessons);
  const card = makeupCard(ctx, instance, fields, makeupProgress(ctx, instance, fields));
  return makeupStaff(ctx, instance.campusId).map((staffId) =>
    openTodo(ctx, {
      kind: MAKEUP_TODO_KIND,
      refType: MAKEUP_TODO_REF,
      refId: String(instance.id),
      staffId,
      subject,
      detailUrl: makeupPath(instance.id),
      card,
    }),
  );
}

/** The open make-up todos of a leave. */
export function openMakeupTodoIds(ctx: Ctx, instanceId: number): number[] {
  return openTodoIdsAbout(ctx, { refType: MAKEUP_TODO_REF, refId: String(instanceId) });
}

/**
 * "已安排 1 · 放弃 1 · 教务乙": what became of the leave lessons and who finished it (short: WeCom
 * shows at most 24 characters on the grey line).
 */
function doneState(ctx: Ctx, progress: MakeupProgress): string {
  const parts = [`已安排 ${progress.arranged}`];
  if (progress.givenUp > 0) parts.push(`放弃 ${progress.givenUp}`);
  if (progress.notNeeded > 0) parts.push(`无需 ${progress.notNeeded}`);
  return [...parts, displayActorLabel(actorColumns(ctx.actor).actorLabel)].join(" · ");
}

/**
 * After a make-up is arranged or given up: while lessons remain, every copy of the todo's card shows
 * the progress (已安排 1/2); once none remains, every open todo is closed as done (its card shows the
 * state line, the DingTalk todo is completed). Nothing happens when the todos are already closed.
 */
export function refreshMakeupTodos(ctx: Ctx, instance: ApprovalInstanceRow, fields: LeaveFields): MakeupProgress {
  const progress = makeupProgress(ctx, instance, fields);
  const open = openMakeupTodoIds(ctx, instance.id);
  if (open.length === 0) return progress;
  if (progress.remaining > 0) {
    updateCardsAbout(ctx, { kind: MAKEUP_TODO_KIND, refType: MAKEUP_TODO_REF, refId: String(instance.id) }, makeupCard(ctx, instance, fields, progress));
    return progress;
  }
  const card = makeupCard(ctx, instance, fields, progress, doneState(ctx, progress));
  for (const id of open) closeTodo(ctx, id, "done", card);
  return progress;
}
