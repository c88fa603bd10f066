// Input schemas for classes, enrolments, holidays and lessons, shared by the verbs (which parse) and the
// routes (which document). Dates are business-calendar YYYY-MM-DD, times of day HH:mm, instants epoch ms.
import { z } from "zod";
import { CLASS_STATUSES, ENROLLMENT_STATUSES, LESSON_STATUSES } from "../../db/schema";
import { dateSchema, idSchema, textSchema, versionSchema } from "../../core/input";
import { pageSchema } from "../../core/page";

/** A local wall-clock time HH:mm (00:00–23:59). */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式应为 HH:mm");

/** A lesson's length in whole minutes (at most ten hours). */
export const durationMinutesSchema = z.number().int("时长应为整数分钟").min(1).max(600);

/** One slot of a class's weekly rule: weekday 1 = Monday … 7 = Sunday. */
export const slotSchema = z.object({
  weekday: z.number().int().min(1).max(7),
  startTime: timeOfDaySchema,
  durationMinutes: durationMinutesSchema,
});
export type SlotInput = z.output<typeof slotSchema>;

/** The weekly rule, replaced as a whole; a weekday and start time appear once. */
const slotsSchema = z
  .array(slotSchema)
  .max(21)
  .superRefine((slots, issue) => {
    const seen = new Set<string>();
    slots.forEach((s, i) => {
      const key = `${s.weekday} ${s.startTime}`;
      if (seen.has(key)) issue.addIssue({ code: "custom", path: [i, "startTime"], message: "同一天同一开始时间的时段重复" });
      seen.add(key);
    });
  });

/**
 * Whether `to` is before `from`, judged only when both are valid dates (zod runs an object's refinements
 * even when a field failed; a malformed date is reported on its own field, not again as a range).
 */
const endsBeforeStart = (from: string | undefined, to: string | undefined): boolean =>
  from !== undefined && to !== undefined && dateSchema.safeParse(from).success && dateSchema.safeParse(to).success && to < from;

const capacitySchema = z.number().int().min(1).max(500);

/** POST /classes. `capacity` may be left out for one-on-one courses (it is always 1 there). */
export const classCreateSchema = z
  .object({
    name: textSchema(50),
    courseId: idSchema,
    campusId: idSchema,
    teacherId: idSchema,
    headTeacherId: idSchema.nullable().default(null),
    roomId: idSchema.nullable().default(null),
    capacity: capacitySchema.optional(),
    startDate: dateSchema,
    endDate: dateSchema,
    slots: slotsSchema.default([]),
  })
  .superRefine((c, issue) => {
    if (endsBeforeStart(c.startDate, c.endDate)) issue.addIssue({ code: "custom", path: ["endDate"], message: "结束日期不能早于开始日期" });
  });

/** PATCH /classes/:id. `slots`, when given, replaces the whole weekly rule. */
export const classUpdateSchema = z.object({
  name: textSchema(50).optional(),
  courseId: idSchema.optional(),
  campusId: idSchema.optional(),
  teacherId: idSchema.optional(),
  headTeacherId: idSchema.nullable().optional(),
  roomId: idSchema.nullable().optional(),
  capacity: capacitySchema.optional(),
  startDate: dateSchema.optional(),
  endDate: dateSchema.optional(),
  status: z.enum(CLASS_STATUSES).optional(),
  slots: slotsSchema.optional(),
  version: versionSchema,
});

/** GET /classes filters (always within the actor's scope), newest first. */
export const classListSchema = pageSchema.extend({
  campusId: idSchema.optional(),
  teacherId: idSchema.optional(),
  courseId: idSchema.optional(),
  status: z.enum(CLASS_STATUSES).optional(),
});

/** POST /classes/:id/enrollments. `fromDate` (first lesson date that counts) defaults to today. */
export const enrollmentCreateSchema = z.object({
  studentId: idSchema,
  fromDate: dateSchema.optional(),
});

/** PATCH /classes/:id/enrollments/:studentId. */
export const enrollmentUpdateSchema = z.object({
  status: z.enum(ENROLLMENT_STATUSES),
  fromDate: dateSchema.optional(),
});

/** GET /classes/:id/enrollments filter. */
export const enrollmentListSchema = z.object({
  status: z.enum(ENROLLMENT_STATUSES).optional(),
});

/** GET /holidays: both ends included; either may be left out. */
export const holidayListSchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});

/** PUT /holidays/:date. */
export const holidayPutSchema = z.object({
  name: textSchema(30),
});

/** POST /classes/:id/lessons/generate: both ends default to the class's own dates. */
export const lessonGenerateSchema = z
  .object({
    from: dateSchema.optional(),
    to: dateSchema.optional(),
  })
  .superRefine((r, issue) => {
    if (endsBeforeStart(r.from, r.to)) issue.addIssue({ code: "custom", path: ["to"], message: "结束日期不能早于开始日期" });
  });

/** POST /classes/:id/lessons (a lesson added by hand): `startsAt` (epoch ms) or `date` + `startTime`. */
export const lessonAddSchema = z
  .object({
    startsAt: z.number().int().positive().multipleOf(60_000, "开始时间应为整分钟").optional(),
    date: dateSchema.optional(),
    startTime: timeOfDaySchema.optional(),
    durationMinutes: durationMinutesSchema,
    /** Left out: the class's room; null: no room. */
    roomId: idSchema.nullable().optional(),
    /** Left out: the class's teacher. */
    teacherId: idSchema.optional(),
  })
  .superRefine((l, issue) => {
    if (l.startsAt !== undefined) {
      if (l.date !== undefined || l.startTime !== undefined) {
        issue.addIssue({ code: "custom", path: ["startsAt"], message: "startsAt 与 date + startTime 只能填写一种" });
      }
      return;
    }
    if (l.date === undefined) issue.addIssue({ code: "custom", path: ["date"], message: "请填写上课日期（或 startsAt）" });
    if (l.startTime === undefined) issue.addIssue({ code: "custom", path: ["startTime"], message: "请填写开始时间（或 startsAt）" });
  });

/** POST /lessons/:id/reschedule (调课): the new date and time; duration, room and teacher kept unless given. */
export const lessonRescheduleSchema = z.object({
  date: dateSchema,
  startTime: timeOfDaySchema,
  durationMinutes: durationMinutesSchema.optional(),
  roomId: idSchema.nullable().optional(),
  teacherId: idSchema.optional(),
  reason: textSchema(200),
  version: versionSchema,
});

/** POST /lessons/:id/cancel. */
export const lessonCancelSchema = z.object({
  reason: textSchema(200),
  version: versionSchema,
});

/**
 * GET /lessons: lessons whose start falls on a business date from `from` to `to` (both included,
 * YYYY-MM-DD in the institution's time zone). Default: the 7 days from today; at most 92 days.
 */
export const lessonListSchema = z
  .object({
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    classId: idSchema.optional(),
    teacherId: idSchema.optional(),
    roomId: idSchema.optional(),
    campusId: idSchema.optional(),
    status: z.enum(LESSON_STATUSES).optional(),
  })
  .superRefine((r, issue) => {
    if (endsBeforeStart(r.from, r.to)) issue.addIssue({ code: "custom", path: ["to"], message: "结束日期不能早于开始日期" });
  });

// The whole input of each verb whose route takes part of it from the path: the ids beside the body.

/** getClass: the class. */
export const getClassSchema = z.object({ id: idSchema });

/** updateClass: the class and the PATCH body. */
export const updateClassSchema = classUpdateSchema.extend({ id: idSchema });

/** listEnrollments: the class and the filter. */
export const listEnrollmentsSchema = enrollmentListSchema.extend({ classId: idSchema });

/** enrollStudent: the class and the POST body. */
export const enrollStudentSchema = enrollmentCreateSchema.extend({ classId: idSchema });

/** updateEnrollment: the class, the student and the PATCH body. */
export const updateEnrollmentSchema = enrollmentUpdateSchema.extend({ classId: idSchema, studentId: idSchema });

/** studentClasses: the student. */
export const studentClassesSchema = z.object({ studentId: idSchema });

/** putHoliday: the date and the PUT body. */
export const putHolidaySchema = holidayPutSchema.extend({ date: dateSchema });

/** deleteHoliday: the date. */
export const deleteHolidaySchema = z.object({ date: dateSchema });

/** generateLessons: the class and the range. */
export const generateLessonsSchema = lessonGenerateSchema.extend({ classId: idSchema });

/** addLesson: the class and the lesson. */
export const addLessonSchema = lessonAddSchema.extend({ classId: idSchema });

/** getLesson: the lesson. */
export const getLessonSchema = z.object({ id: idSchema });

/** rescheduleLesson: the lesson and the new time. */
export const rescheduleLessonSchema = lessonRescheduleSchema.extend({ id: idSchema });

/** cancelLesson: the lesson and the reason. */
export const cancelLessonSchema = lessonCancelSchema.extend({ id: idSchema });
