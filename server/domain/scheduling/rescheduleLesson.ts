// 调课: moves a scheduled lesson to another date and time (and optionally teacher, room, length). The
// lesson keeps its id, so attendance, check-in codes and cards that point to it stay valid; its
// version is bumped, the reason kept on the row and the move written to the audit log.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { classes, lessons } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { assertNoConflicts, lessonCandidate } from "./lessonConflicts";
import { durationMinutesOf, lessonSpan } from "./lessonSpan";
import { getLessonInScope, loadLessonView, type LessonView } from "./lessonViews";
import { requireChangeableLesson, requireStaffing } from "./lessonWriteChecks";
import { rescheduleLessonSchema } from "./schedulingSchemas";

/** Moves a lesson, refusing (409) a cancelled lesson, a stale version, or any conflict at the new time. */
export function rescheduleLesson({ ctx, input }: { ctx: Ctx; input: z.input<typeof rescheduleLessonSchema> }): LessonView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(rescheduleLessonSchema, input);
  const { id } = data;
  const lesson = getLessonInScope(ctx, id);
  requireCampus(ctx.actor, lesson.campusId);
  const cls = ctx.db.select().from(classes).where(eq(classes.id, lesson.classId)).get();
  if (!cls) throw notFound("班级");
  const teacherId = data.teacherId ?? lesson.teacherId;
  const roomId = data.roomId === undefined ? lesson.roomId : data.roomId;
  requireStaffing(ctx, cls.campusId, teacherId, roomId);
  const span = lessonSpan(data.date, data.startTime, data.durationMinutes ?? durationMinutesOf(lesson), ctx.tz);
  return inTransaction(ctx, (tx) => {
    requireChangeableLesson(tx, lesson, "调课", data.version);
    assertNoConflicts(tx, [lessonCandidate(tx, cls, span, teacherId, roomId)], id);
    versionedUpdate(
      tx.db,
      lessons,
      id,
      data.version ?? lesson.version,
      { ...span, teacherId, roomId, rescheduleReason: data.reason, updatedAt: tx.clock.now() },
      "课次",
    );
    recordAudit(tx, {
      action: "lesson.reschedule",
      entityType: "lesson",
      entityId: id,
      details: {
        reason: data.reason,
        from: { startsAt: lesson.startsAt, endsAt: lesson.endsAt, teacherId: lesson.teacherId, roomId: lesson.roomId },
        to: { ...span, teacherId, roomId },
      },
    });
    return loadLessonView(tx, id);
  });
}
