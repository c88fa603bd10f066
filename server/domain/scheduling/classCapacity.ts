// A class's seats: one-on-one courses always have exactly one, every other class says how many.
import type { CourseType } from "../../db/schema";
import type { FieldIssue } from "../../core/errors";

/** The issue with an asked capacity (missing for a group class, not 1 for one-on-one), if any. */
export function capacityIssue(courseType: CourseType | undefined, asked: number | undefined): FieldIssue | undefined {
  if (courseType === "one_on_one") {
    return asked === undefined || asked === 1 ? undefined : { path: "capacity", message: "一对一课程的班级容量只能为 1" };
  }
  return asked === undefined ? { path: "capacity", message: "请填写班级容量" } : undefined;
}

/** The capacity to store: 1 for one-on-one, otherwise the one asked (or kept). */
export function effectiveCapacity(courseType: CourseType | undefined, asked: number | undefined): number {
  return courseType === "one_on_one" ? 1 : (asked ?? 1);
}
