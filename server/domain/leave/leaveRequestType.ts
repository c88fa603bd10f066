// 请假 on the approval engine. The request names the student's coming lessons; the
// default flow asks their teachers (lesson_teacher, any one). The final approval, in its own
// transaction, marks each lesson `leave` through the one attendance command (deducting or not per the
// course's leave policy), checks the course's leave limit per term again, and opens the make-up (补课)
// todos for academic affairs. Any refusal there (limit reached, lesson attended meanwhile) is a 409 that
// rolls the decision back and says so. Import this module once at start-up to register the type.
import { conflict, ServiceError } from "../../core/errors";
import { mayTakeAttendance } from "../attendance/lessonForAttendance";
import { findAttendance, recordAttendance } from "../attendance/recordAttendance";
import { hasPermission } from "../../../shared/permissions";
import { actorColumns, systemActor, type Ctx } from "../../core/context";
import { recordAudit } from "../audit/recordAudit";
import { studentNameOf, trimText } from "../workflow/requestFacts";
import type { RequestType, TypedInstance } from "../workflow/requestType";
import { LEAVE_KIND_LABELS, LEAVE_TYPE, leaveFieldsSchema, type LeaveFields } from "./leaveFields";
import { requireWithinLeaveLimit } from "./leaveLimit";
import { lessonTimeText, lessonsSummary, loadLeaveLessons, type LeaveLesson } from "./leaveLessons";
import { openMakeupTodos } from "./makeupTodo";

const NOT_APPLIED = "本次审批未生效，请驳回该申请";

/**
 * The approver records the leave when they may take the lesson's attendance (its teacher, campus
 * staff); otherwise (an approver named by an admin's flow, a timeout) the approval itself is the
 * authority and the system records it in the approver's name.
 */
function attendanceCtx(ctx: Ctx, l: LeaveLesson): Ctx {
  if (ctx.actor.kind !== "system" && hasPermission(ctx.actor, "attendance.write") && mayTakeAttendance(ctx, l)) return ctx;
  return { ...ctx, actor: systemActor(`请假审批 · ${actorColumns(ctx.actor).actorLabel}`) };
}

function applyApprovedLeave(ctx: Ctx, instance: TypedInstance<LeaveFields>): void {
  const f = instance.fields;
  const all = loadLeaveLessons(ctx, f.lessonIds);
  // A lesson cancelled since the request needs neither a leave nor a make-up.
  const lessons = all.filter((l) => l.lesson.status !== "cancelled");
  for (const l of lessons) {
    const row = findAttendance(ctx.db, l.lesson.id, f.studentId);
    if (row && row.status !== "leave" && row.status !== "absent") {
      throw conflict(`${lessonTimeText(l.lesson.startsAt, ctx.tz)} 的课已记录为到课，不能再登记请假。${NOT_APPLIED}`, { reason: "already_attended", lessonId: l.lesson.id });
    }
  }
  try {
    requireWithinLeaveLimit(ctx, { studentId: f.studentId, lessons, stage: "approve", instanceId: instance.id });
  } catch (err) {
    if (!(err instanceof ServiceError) || err.code !== "CONFLICT") throw err;
    throw new ServiceError("CONFLICT", `${err.message}。${NOT_APPLIED}`, err.details);
  }
  for (const l of lessons) {
    recordAttendance({ ctx: attendanceCtx(ctx, l), input: { lessonId: l.lesson.id, studentId: f.studentId, status: "leave", channel: "api" }, loaded: l });
  }
  const todoIds = openMakeupTodos(ctx, instance, f, lessons);
  recordAudit(ctx, {
    action: "leave.approved",
    entityType: "approval_instance",
    entityId: instance.id,
    details: { studentId: f.studentId, lessonIds: lessons.map((l) => l.lesson.id), makeupTodoIds: todoIds },
  });
}

export const leaveRequestType: RequestType<LeaveFields> = {
  type: LEAVE_TYPE,
  label: "请假",
  submitPath: "/api/v1/leave-requests",
  fieldsSchema: leaveFieldsSchema,
  conditionFields: ["lessonCount", "kind"],
  describe: (ctx, instance) => {
    const f = instance.fields;
    const lessons = loadLeaveLessons(ctx, Array.isArray(f.lessonIds) ? f.lessonIds : []);
    return {
      title: `请假 · ${studentNameOf(ctx, f.studentId)}`,
      rows: [
        { key: "学员", value: studentNameOf(ctx, f.studentId) },
        { key: "课程", value: [...new Set(lessons.map((l) => l.course.name))].join("、") || "—" },
        { key: "课次", value: lessonsSummary(lessons, ctx.tz) },
        { key: "类型", value: LEAVE_KIND_LABELS[f.kind] ?? f.kind },
        { key: "事由", value: trimText(f.reason || "—", 120) },
      ],
    };
  },
  onApproved: applyApprovedLeave,
};

