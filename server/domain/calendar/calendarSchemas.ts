// The business calendar's inputs: a day's opening ranges, a week of them, and a dated exception.
import { z } from "zod";
import { idSchema } from "../../core/input";

const minuteSchema = z.number().int().min(0).max(1440);

/** One day's ranges: [start, end) local minutes, each start before its end, sorted and not overlapping. */
export const dayRangesSchema = z
  .array(z.tuple([minuteSchema, minuteSchema]))
  .max(6, "一天最多 6 段营业时间")
  .superRefine((ranges, issue) => {
    ranges.forEach(([s, e], i) => {
      if (s >= e) issue.addIssue({ code: "custom", path: [i], message: "结束时间须晚于开始时间" });
      const prev = ranges[i - 1];
      if (prev && s < prev[1]) issue.addIssue({ code: "custom", path: [i], message: "时间段须按顺序且不能重叠" });
    });
  });

/** Monday first, seven days. */
export const weeklySchema = z.array(dayRangesSchema).length(7, "须给出周一到周日 7 天");

export const putCalendarSchema = z.object({
  campusId: idSchema.nullable(),
  weekly: weeklySchema,
  version: z.number().int().min(1).optional(),
});

const dateSchema = z.iso.date("日期格式应为 YYYY-MM-DD");

export const putCalendarDaySchema = z
  .object({
    campusId: idSchema.nullable(),
    date: dateSchema,
    open: z.boolean(),
    ranges: dayRangesSchema.optional(),
    name: z.string().trim().max(40).default(""),
  })
  .superRefine((d, issue) => {
    if (d.open && (!d.ranges || d.ranges.length === 0)) issue.addIssue({ code: "custom", path: ["ranges"], message: "营业的日子须给出营业时间" });
    if (!d.open && d.ranges && d.ranges.length > 0) issue.addIssue({ code: "custom", path: ["ranges"], message: "休息日不填营业时间" });
  });

/** putWeeklyHours: the campus (null: the institution's default) and its week. */
export const putWeeklyHoursSchema = putCalendarSchema;

/** dropCampusHours: the campus that goes back to the default hours. */
export const dropCampusHoursSchema = z.object({ campusId: idSchema });

/** setCampusTimeZone: an IANA zone name (Asia/Tokyo), or null for the institution's TZ_BUSINESS. */
export const setCampusTimeZoneSchema = z.object({
  campusId: idSchema,
  timeZone: z.string().trim().min(1).max(64).nullable(),
  version: z.number().int().min(1).optional(),
});

/** listCalendarDays: the exceptions that apply to a campus (or only the institution-wide ones) over [from, to]. */
export const listCalendarDaysSchema = z
  .object({ campusId: idSchema.optional(), from: dateSchema, to: dateSchema })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "结束日期不能早于开始日期" });

/** deleteCalendarDay: the exception. */
export const deleteCalendarDaySchema = z.object({ id: idSchema });
