// Assigns a make-up (补课) lesson for one lesson of an approved leave: a lesson of the same course,
// in the student's own class or another one (跟班补课) or a dedicated session (排班补课). The student's
// attendance there is recorded `makeup` through the one attendance command, so the pair (leave,
// make-up) takes the lesson's hours exactly once: when the leave deducted (leavePolicy `deduct`) the
// make-up does not; when it did not, the make-up does. A lesson given up (学员放弃补课) takes no make-up;
// a new make-up needs a free seat in its class and no other lesson of the student at that time. The
// todos' cards show the progress, and close as done when every leave lesson is arranged or given up.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { approvalInstances, ledgerOps, type ApprovalInstanceRow } from "../../db/schema";
import { conflict, notFound, preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { findAttendance, recordAttendance, type AttendanceResult } from "../attendance/recordAttendance";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { addTimeline } from "../workflow/approvalRecords";
import { LEAVE_TYPE, givenUpsOf, leaveFieldsSchema, makeupsOf, withMakeupEntry, type LeaveFields, type Makeup } from "./leaveFields";
import { lessonTimeText, loadLeaveLessons } from "./leaveLessons";
import { makeupLessonRefusal } from "./makeupCandidates";
import { makeupProgress } from "./makeupProgress";
import { refreshMakeupTodos } from "./makeupTodo";

export const assignMakeupSchema = z
  .object({
    instanceId: idSchema.optional(),
    studentId: idSchema.optional(),
    leaveLessonId: idSchema,
    makeupLessonId: idSchema,
  })
  .refine((v) => v.instanceId !== undefined || v.studentId !== undefined, { message: "请指明请假申请（instanceId）或学员（studentId）", path: ["instanceId"] });
export type AssignMakeupInput = z.input<typeof assignMakeupSchema>;

export type MakeupOutcome = {
  instanceId: number;
  makeup: Makeup;
  attendance: AttendanceResult;
  /** Leave lessons still without a make-up (0: the todos are closed). */
  remaining: number;
};

/** The approved leave of the student that covers the lesson (by instance id, or by student and lesson). */
function findLeave(ctx: Ctx, input: { instanceId?: number; studentId?: number; leaveLessonId: number }): ApprovalInstanceRow {
  const candidates =
    input.instanceId !== undefined
      ? ctx.db.select().from(approvalInstances).where(eq(approvalInstances.id, input.instanceId)).all()
      : ctx.db
          .select()
          .from(approvalInstances)
          .where(and(eq(approvalInstances.type, LEAVE_TYPE), eq(approvalInstances.studentId, input.studentId ?? 0), eq(approvalInstances.status, "approved")))
          .all();
  const covers = (i: ApprovalInstanceRow) => {
    const ids = (i.fields as { lessonIds?: unknown }).lessonIds;
    return i.type === LEAVE_TYPE && Array.isArray(ids) && ids.includes(input.leaveLessonId);
  };
  const found = candidates.find(covers);
  if (!found) throw notFound("请假申请");
  return found;
}

/** Whether the attendance row's deduction still stands (not corrected in the ledger since). */
function deductionStands(ctx: Ctx, opId: number | null): boolean {
  if (opId === null) return false;
  return ctx.db.select({ id: ledgerOps.id }).from(ledgerOps).where(eq(ledgerOps.reversesOpId, opId)).get() === undefined;
}

export function assignMakeup({ ctx, input }: { ctx: Ctx; input: AssignMakeupInput }): MakeupOutcome {
  requirePermission(ctx.actor, "attendance.write");
  const data = parseInput(assignMakeupSchema, input);
  return inTransaction(ctx, (tx) => {
    const instance = findLeave(tx, data);
    if (instance.studentId === null) throw notFound("请假申请");
    getStudentInScope(tx, instance.studentId);
    if (instance.status !== "approved") throw preconditionFailed("请假申请尚未通过审批，不能安排补课", { reason: "not_approved" });
    const fields: LeaveFields = leaveFieldsSchema.parse(instance.fields);
    const studentId = fields.studentId;
    const makeups = makeupsOf(instance.fields);
    const already = makeups.find((m) => m.leaveLessonId === data.leaveLessonId);
    if (already) {
      if (already.makeupLessonId !== data.makeupLessonId) {
        throw conflict("该请假课次已安排过补课", { reason: "makeup_assigned", makeupLessonId: already.makeupLessonId });
      }
      const current = findAttendance(tx.db, already.makeupLessonId, studentId);
      if (current?.status === "makeup") {
        // The same assignment again (a retry): nothing changes, the answer is the same.
        const attendance = recordAttendance({ ctx: tx, input: { lessonId: already.makeupLessonId, studentId, status: "makeup", channel: "api", noDeduction: already.leaveDeducted } });
        return { instanceId: instance.id, makeup: already, attendance, remaining: makeupProgress(tx, instance, fields).remaining };
      }
    }
    if (givenUpsOf(instance.fields).some((g) => g.leaveLessonId === data.leaveLessonId)) {
      throw conflict("该请假课次已记录学员放弃补课，不能再安排", { reason: "makeup_given_up" });
    }
    const [leave] = loadLeaveLessons(tx, [data.leaveLessonId]);
    const [target] = loadLeaveLessons(tx, [data.makeupLessonId]);
    if (!leave) throw notFound("请假课次");
    if (!target) throw notFound("补课课次");
    const leaveRow = findAttendance(tx.db, leave.lesson.id, studentId);
    if (leaveRow?.status !== "leave") throw preconditionFailed("该课次的考勤已不是请假，不需要补课", { reason: "not_on_leave" });
    if (target.lesson.id === leave.lesson.id) throw validationError([{ path: "makeupLessonId", message: "补课课次不能是请假的那节课" }]);
    if (target.course.id !== leave.course.id) throw validationError([{ path: "makeupLessonId", message: `补课课次须为同一课程（${leave.course.name}）的课` }]);
    if (target.lesson.status === "cancelled") throw preconditionFailed("补课课次已取消", { reason: "cancelled" });
    const there = findAttendance(tx.db, target.lesson.id, studentId);
    if (there && there.status !== "makeup") throw conflict(`该学员在 ${lessonTimeText(target.lesson.startsAt, tx.tz)} 的课已有考勤（不是补课），请换一节课`, { reason: "already_recorded" });
    const taken = makeups.find((m) => m.makeupLessonId === target.lesson.id && m.leaveLessonId !== leave.lesson.id);
    if (taken) throw conflict("这节课已作为另一节请假课的补课", { reason: "makeup_lesson_taken" });
    if (!there) {
      const refusal = makeupLessonRefusal(tx, studentId, target);
      if (refusal) throw conflict(refusal.message, { reason: refusal.reason });
    }

    const leaveDeducted = deductionStands(tx, leaveRow.ledgerOpId);
    const result = recordAttendance({ ctx: tx, input: { lessonId: target.lesson.id, studentId, status: "makeup", channel: "api", noDeduction: leaveDeducted }, loaded: target });
    const makeup: Makeup = { leaveLessonId: leave.lesson.id, makeupLessonId: target.lesson.id, leaveDeducted, at: tx.clock.now() };
    const updated = tx.db
      .update(approvalInstances)
      .set({ fields: withMakeupEntry(instance.fields, makeup), updatedAt: tx.clock.now() })
      .where(eq(approvalInstances.id, instance.id))
      .returning()
      .get();
    if (!updated) throw notFound("请假申请");
    const kind = target.klass.id === leave.klass.id ? "本班补课" : `跟班补课（${target.klass.name}）`;
    addTimeline(tx, {
      instanceId: instance.id,
      action: "effect_applied",
      comment: `安排补课：${lessonTimeText(leave.lesson.startsAt, tx.tz)} → ${lessonTimeText(target.lesson.startsAt, tx.tz)}，${kind}，${leaveDeducted ? "请假已扣课时，补课不再扣" : "补课扣课时"}`,
    });
    recordAudit(tx, {
      action: "leave.makeup_assigned",
      entityType: "approval_instance",
      entityId: instance.id,
      details: { studentId, leaveLessonId: leave.lesson.id, makeupLessonId: target.lesson.id, leaveDeducted, attendanceId: result.attendance.id },
    });
    const { remaining } = refreshMakeupTodos(tx, updated, fields);
    return { instanceId: instance.id, makeup, attendance: result, remaining };
  });
}
