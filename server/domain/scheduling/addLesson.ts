// A lesson added by hand (加课, make-up or extra lesson), outside the weekly rule: at `startsAt` or at
// `date` + `startTime` in the business time zone, with the class's teacher and room unless given.
import type { z } from "zod";
import { lessons } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassToChange, requireOpenClass } from "./classScope";
import { assertNoConflicts, lessonCandidate } from "./lessonConflicts";
import { lessonSpan, type Span } from "./lessonSpan";
import { loadLessonView, type LessonView } from "./lessonViews";
import { requireStaffing } from "./lessonWriteChecks";
import { addLessonSchema } from "./schedulingSchemas";

type AddInput = z.output<typeof addLessonSchema>;

/** The span asked for, from whichever form of start time was given. */
function spanOf(input: AddInput, tz: string): Span {
  if (input.startsAt !== undefined) return { startsAt: input.startsAt, endsAt: input.startsAt + input.durationMinutes * 60_000 };
  return lessonSpan(input.date ?? "", input.startTime ?? "", input.durationMinutes, tz);
}

/** Adds one lesson to an active class, refusing (409) any teacher, room or student conflict. */
export function addLesson({ ctx, input }: { ctx: Ctx; input: z.input<typeof addLessonSchema> }): LessonView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(addLessonSchema, input);
  const { classId } = data;
  const cls = getClassToChange(ctx, classId);
  requireOpenClass(cls);
  const teacherId = data.teacherId ?? cls.teacherId;
  const roomId = data.roomId === undefined ? cls.roomId : data.roomId;
  requireStaffing(ctx, cls.campusId, teacherId, roomId);
  const span = spanOf(data, ctx.tz);
  return inTransaction(ctx, (tx) => {
    assertNoConflicts(tx, [lessonCandidate(tx, cls, span, teacherId, roomId)]);
    const now = tx.clock.now();
    const row = tx.db
      .insert(lessons)
      .values({ classId, teacherId, roomId, ...span, source: "manual", createdAt: now, updatedAt: now })
      .returning({ id: lessons.id })
      .get();
    return loadLessonView(tx, row.id);
  });
}
