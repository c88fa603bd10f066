// API JSON for courses and packages. Amounts stay integers (fen, hundredths of a 课时); the yuan and
// hour strings beside them are computed with integer division, never through a float.
import type { Course, Package } from "../../db/schema";
import { hoursText, yuan } from "../../../shared/money";


/** A course, with hours per lesson also as text. */
export const presentCourse = (c: Course) => ({
  id: c.id,
  name: c.name,
  subject: c.subject,
  type: c.type,
  billing: c.billing,
  hoursPerLesson: c.hoursPerLesson,
  hoursPerLessonText: hoursText(c.hoursPerLesson),
  absencePolicy: c.absencePolicy,
  allowOverdraft: c.allowOverdraft,
  checkinOpensMinutes: c.checkinOpensMinutes,
  checkinClosesMinutes: c.checkinClosesMinutes,
  lateGraceMinutes: c.lateGraceMinutes,
  status: c.status,
  version: c.version,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
export type CourseJson = ReturnType<typeof presentCourse>;

/** A package, with hours and price also as text. */
export const presentPackage = (p: Package) => ({
  id: p.id,
  courseId: p.courseId,
  name: p.name,
  hours: p.hours,
  hoursText: hoursText(p.hours),
  giftHours: p.giftHours,
  giftHoursText: hoursText(p.giftHours),
  priceFen: p.priceFen,
  priceYuan: yuan(p.priceFen),
  validityDays: p.validityDays,
  status: p.status,
  version: p.version,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});
export type PackageJson = ReturnType<typeof presentPackage>;
