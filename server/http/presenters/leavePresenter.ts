// Leave (请假) and make-up (补课) values as the API answers them: ids, times in epoch ms, and the
// zh-CN text the mini-app shows as is.
import type { MakeupOutcome } from "../../domain/leave/assignMakeup";
import type { LeaveOption } from "../../domain/leave/leaveLessons";

export function presentLeaveOption(o: LeaveOption) {
  return {
    lessonId: o.lesson.id,
    classId: o.klass.id,
    className: o.klass.name,
    courseId: o.course.id,
    courseName: o.course.name,
    startsAt: o.lesson.startsAt,
    endsAt: o.lesson.endsAt,
    text: o.text,
    leavePolicy: o.course.leavePolicy,
  };
}

export function presentMakeupOutcome(o: MakeupOutcome) {
  return {
    instanceId: o.instanceId,
    leaveLessonId: o.makeup.leaveLessonId,
    makeupLessonId: o.makeup.makeupLessonId,
    leaveDeducted: o.makeup.leaveDeducted,
    makeupDeducted: o.attendance.attendance.ledgerOpId !== null,
    attendanceId: o.attendance.attendance.id,
    balanceHours: o.attendance.balanceHours,
    remaining: o.remaining,
  };
}
