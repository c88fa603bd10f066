// Records that the student gives up making up one lesson missed on leave (学员放弃补课): the reason,
// when and who, on the leave's make-ups; a timeline line and an audit entry. A lesson given up counts
// as settled for the make-up todo (closed when none is left). A lesson already arranged cannot be
// given up (409), nor one no longer on leave (412); giving up the same lesson again changes nothing.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { approvalInstances } from "../../db/schema";
import { conflict, notFound, preconditionFailed } from "../../core/errors";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { addTimeline } from "../workflow/approvalRecords";
import { withMakeupEntry, type GivenUpMakeup } from "./leaveFields";
import { lessonTimeText } from "./leaveLessons";
import { leaveForMakeup, makeupProgress, type MakeupProgress } from "./makeupProgress";
import { refreshMakeupTodos } from "./makeupTodo";

const REASON = "请填写学员放弃补课的原因";

export const giveUpMakeupSchema = z.object({
  instanceId: idSchema,
  leaveLessonId: idSchema,
  reason: z.string(REASON).trim().min(1, REASON).max(200, "原因最多 200 字"),
});
export type GiveUpMakeupInput = z.input<typeof giveUpMakeupSchema>;

export type GiveUpOutcome = { instanceId: number; givenUp: GivenUpMakeup; progress: MakeupProgress };

export function giveUpMakeup({ ctx, input }: { ctx: Ctx; input: GiveUpMakeupInput }): GiveUpOutcome {
  requirePermission(ctx.actor, "attendance.write");
  const data = parseInput(giveUpMakeupSchema, input);
  return inTransaction(ctx, (tx) => {
    const { instance, fields } = leaveForMakeup(tx, data.instanceId);
    const before = makeupProgress(tx, instance, fields);
    const lesson = before.lessons.find((l) => l.lesson.id === data.leaveLessonId);
    if (!lesson) throw notFound("请假课次");
    const { state } = lesson;
    if (state.kind === "given_up") return { instanceId: instance.id, givenUp: state.givenUp, progress: before };
    if (state.kind === "arranged") throw conflict("该请假课次已安排补课，不能再记为放弃", { reason: "makeup_assigned", makeupLessonId: state.makeup.makeupLessonId });
    if (state.kind === "not_needed") throw preconditionFailed("该课次已取消或考勤已不是请假，不需要补课", { reason: state.why });

    const givenUp: GivenUpMakeup = { leaveLessonId: data.leaveLessonId, givenUp: true, reason: data.reason, at: tx.clock.now(), by: actorColumns(tx.actor).actorLabel };
    const updated = tx.db
      .update(approvalInstances)
      .set({ fields: withMakeupEntry(instance.fields, givenUp), updatedAt: tx.clock.now() })
      .where(eq(approvalInstances.id, instance.id))
      .returning()
      .get();
    if (!updated) throw notFound("请假申请");
    addTimeline(tx, { instanceId: instance.id, action: "effect_applied", comment: `学员放弃补课：${lessonTimeText(lesson.lesson.startsAt, tx.tz)}，原因：${data.reason}` });
    recordAudit(tx, {
      action: "leave.makeup_given_up",
      entityType: "approval_instance",
      entityId: instance.id,
      details: { studentId: fields.studentId, leaveLessonId: data.leaveLessonId, reason: data.reason },
    });
    return { instanceId: instance.id, givenUp, progress: refreshMakeupTodos(tx, updated, fields) };
  });
}
