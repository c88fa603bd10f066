// Leave (请假) and make-up (补课) values as the API answers them: ids, times in epoch ms, and the
// zh-CN text the mini-app shows as is.
import type { MakeupOutcome } from "../../domain/leave/assignMakeup";
import type { GiveUpOutcome } from "../../domain/leave/giveUpMakeup";
import { LEAVE_KIND_LABELS } from "../../domain/leave/leaveFields";
import { lessonTimeText, type LeaveOption } from "../../domain/leave/leaveLessons";
import type { MakeupCandidate } from "../../domain/leave/makeupCandidates";
import type { MakeupOverview, MakeupLessonView } from "../../domain/leave/makeupOverview";
import { displayActorLabel } from "../../../shared/actorLabels";

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

const MAKEUP_STATE_TEXT = { pending: "待安排", arranged: "已安排", given_up: "已放弃" } as const;
const NOT_NEEDED_TEXT = { cancelled: "课已取消，无需补课", not_on_leave: "考勤已不是请假，无需补课" } as const;

export function presentMakeupCandidate(c: MakeupCandidate) {
  return {
    lessonId: c.lesson.id,
    classId: c.klass.id,
    className: c.klass.name,
    teacherName: c.teacherName,
    roomName: c.roomName,
    startsAt: c.lesson.startsAt,
    endsAt: c.lesson.endsAt,
    text: c.text,
    seatsLeft: c.seatsLeft,
  };
}

function presentMakeupLesson(l: MakeupLessonView, tz: string) {
  const { state } = l;
  return {
    lessonId: l.lesson.id,
    classId: l.klass.id,
    className: l.klass.name,
    courseName: l.course.name,
    startsAt: l.lesson.startsAt,
    endsAt: l.lesson.endsAt,
    text: lessonTimeText(l.lesson.startsAt, tz),
    state: state.kind,
    stateText: state.kind === "not_needed" ? NOT_NEEDED_TEXT[state.why] : MAKEUP_STATE_TEXT[state.kind],
    makeup:
      state.kind === "arranged"
        ? {
            lessonId: state.makeup.makeupLessonId,
            className: l.makeupLesson?.klass.name ?? null,
            startsAt: l.makeupLesson?.lesson.startsAt ?? null,
            text: l.makeupLesson ? lessonTimeText(l.makeupLesson.lesson.startsAt, tz) : null,
            leaveDeducted: state.makeup.leaveDeducted,
            at: state.makeup.at,
          }
        : null,
    givenUp: state.kind === "given_up" ? { reason: state.givenUp.reason, at: state.givenUp.at, by: displayActorLabel(state.givenUp.by) } : null,
    candidates: l.candidates.map(presentMakeupCandidate),
  };
}

export function presentMakeupOverview(o: MakeupOverview, tz: string) {
  return {
    instanceId: o.instance.id,
    kind: o.fields.kind,
    kindLabel: LEAVE_KIND_LABELS[o.fields.kind],
    reason: o.fields.reason,
    student: { id: o.student.id, name: o.student.name },
    progress: { ...o.progress, done: o.progress.remaining === 0 },
    lessons: o.lessons.map((l) => presentMakeupLesson(l, tz)),
  };
}

export function presentGiveUpOutcome(o: GiveUpOutcome) {
  const { lessons: _lessons, ...progress } = o.progress;
  return {
    instanceId: o.instanceId,
    leaveLessonId: o.givenUp.leaveLessonId,
    reason: o.givenUp.reason,
    at: o.givenUp.at,
    by: displayActorLabel(o.givenUp.by),
    remaining: progress.remaining,
    progress: { ...progress, done: progress.remaining === 0 },
  };
}
