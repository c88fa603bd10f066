// Input schemas for courses and packages, shared by the verbs (which parse) and the routes (which document).
// Hours are integer hundredths of a 课时 and money integer fen, as everywhere.
import { z } from "zod";
import { ABSENCE_POLICIES, BILLING_MODES, CATALOG_STATUSES, COURSE_TYPES } from "../../db/schema";
import { fenSchema, hoursSchema, idSchema, textSchema, versionSchema } from "../../core/input";

const lessonHoursSchema = hoursSchema.min(1, "每节课时应大于 0");
const validityDaysSchema = z.number().int().min(1).max(3650).nullable();

/** POST /courses. */
/** Minutes around a lesson's start for QR check-in (window and late grace). */
const checkinMinutesSchema = z.number().int().min(0).max(240);

export const courseCreateSchema = z.object({
  name: textSchema(50),
  subject: textSchema(30),
  type: z.enum(COURSE_TYPES),
  billing: z.enum(BILLING_MODES),
  hoursPerLesson: lessonHoursSchema,
  absencePolicy: z.enum(ABSENCE_POLICIES).default("deduct"),
  allowOverdraft: z.boolean().default(false),
  checkinOpensMinutes: checkinMinutesSchema.default(30),
  checkinClosesMinutes: checkinMinutesSchema.default(15),
  lateGraceMinutes: checkinMinutesSchema.default(5),
});

/** PATCH /courses/:id. */
export const courseUpdateSchema = z.object({
  name: textSchema(50).optional(),
  subject: textSchema(30).optional(),
  type: z.enum(COURSE_TYPES).optional(),
  billing: z.enum(BILLING_MODES).optional(),
  hoursPerLesson: lessonHoursSchema.optional(),
  absencePolicy: z.enum(ABSENCE_POLICIES).optional(),
  allowOverdraft: z.boolean().optional(),
  checkinOpensMinutes: checkinMinutesSchema.optional(),
  checkinClosesMinutes: checkinMinutesSchema.optional(),
  lateGraceMinutes: checkinMinutesSchema.optional(),
  status: z.enum(CATALOG_STATUSES).optional(),
  version: versionSchema,
});

/** getCourse: the course. */
export const getCourseSchema = z.object({ id: idSchema });

/** updateCourse: the course and the PATCH body. */
export const updateCourseSchema = courseUpdateSchema.extend({ id: idSchema });

/** GET /courses filters. */
export const courseListSchema = z.object({
  status: z.enum(CATALOG_STATUSES).optional(),
  type: z.enum(COURSE_TYPES).optional(),
});

/** POST /courses/:id/packages. */
export const packageCreateSchema = z.object({
  name: textSchema(50),
  hours: hoursSchema.min(1, "课时应大于 0"),
  giftHours: hoursSchema.default(0),
  priceFen: fenSchema,
  /** Days the hours stay usable after crediting; null = no expiry. */
  validityDays: validityDaysSchema.default(null),
});

/** createPackage: the course and the POST body. */
export const createPackageSchema = packageCreateSchema.extend({ courseId: idSchema });

/** getPackage: the package. */
export const getPackageSchema = z.object({ id: idSchema });

/** PATCH /packages/:id. */
export const packageUpdateSchema = z.object({
  name: textSchema(50).optional(),
  hours: hoursSchema.min(1, "课时应大于 0").optional(),
  giftHours: hoursSchema.optional(),
  priceFen: fenSchema.optional(),
  validityDays: validityDaysSchema.optional(),
  status: z.enum(CATALOG_STATUSES).optional(),
  version: versionSchema,
});

/** updatePackage: the package and the PATCH body. */
export const updatePackageSchema = packageUpdateSchema.extend({ id: idSchema });

/** GET /packages filters. */
export const packageListSchema = z.object({
  courseId: idSchema.optional(),
  status: z.enum(CATALOG_STATUSES).optional(),
});
