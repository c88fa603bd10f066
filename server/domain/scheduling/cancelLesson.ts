// 停课: cancels a scheduled lesson with a reason. The row stays (status cancelled) so regeneration does
// not bring it back and the history shows it; the cancellation is written to the audit log.
import type { z } from "zod";
import { lessons } from "../../db/schema";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { getLessonInScope, loadLessonView, type LessonView } from "./lessonViews";
import { requireChangeableLesson } from "./lessonWriteChecks";
import { cancelLessonSchema } from "./schedulingSchemas";

/** Cancels a lesson; 409 when it is already cancelled, has attendance, or the version is stale. */
export function cancelLesson({ ctx, input }: { ctx: Ctx; input: z.input<typeof cancelLessonSchema> }): LessonView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(cancelLessonSchema, input);
  const { id } = data;
  const lesson = getLessonInScope(ctx, id);
  requireCampus(ctx.actor, lesson.campusId);
  return inTransaction(ctx, (tx) => {
    requireChangeableLesson(tx, lesson, "停课", data.version);
    versionedUpdate(
      tx.db,
      lessons,
      id,
      data.version ?? lesson.version,
      { status: "cancelled", cancelReason: data.reason, updatedAt: tx.clock.now() },
      "课次",
    );
    recordAudit(tx, {
      action: "lesson.cancel",
      entityType: "lesson",
      entityId: id,
      details: { reason: data.reason, startsAt: lesson.startsAt, endsAt: lesson.endsAt },
    });
    return loadLessonView(tx, id);
  });
}
