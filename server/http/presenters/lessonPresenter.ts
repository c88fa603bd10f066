// API JSON for lessons: the instants (epoch ms) plus the business date and local times computed in the
// institution's time zone, so clients never do time-zone arithmetic themselves.
import { businessDate } from "../../core/clock";
import type { GenerationResult } from "../../domain/scheduling/generateLessons";
import { durationMinutesOf, localTime } from "../../domain/scheduling/lessonSpan";
import type { LessonView } from "../../domain/scheduling/lessonViews";

/** One lesson; `date`, `startTime` and `endTime` are local to `tz` (endTime may be on the next day). */
export const presentLesson = (l: LessonView, tz: string) => ({
  id: l.id,
  classId: l.classId,
  className: l.className,
  courseId: l.courseId,
  campusId: l.campusId,
  teacherId: l.teacherId,
  teacherName: l.teacherName,
  roomId: l.roomId,
  roomName: l.roomName,
  startsAt: l.startsAt,
  endsAt: l.endsAt,
  date: businessDate(l.startsAt, tz),
  startTime: localTime(l.startsAt, tz),
  endTime: localTime(l.endsAt, tz),
  durationMinutes: durationMinutesOf(l),
  status: l.status,
  source: l.source,
  cancelReason: l.cancelReason,
  rescheduleReason: l.rescheduleReason,
  version: l.version,
  createdAt: l.createdAt,
  updatedAt: l.updatedAt,
});
export type LessonJson = ReturnType<typeof presentLesson>;

/** The outcome of generating a class's lessons from its weekly rule. */
export const presentGeneration = (r: GenerationResult, tz: string) => ({
  createdCount: r.created.length,
  existingCount: r.existingCount,
  skippedHolidays: r.skippedHolidays,
  items: r.created.map((l) => presentLesson(l, tz)),
});
