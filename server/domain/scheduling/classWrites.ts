// What creating and updating a class share: replacing its weekly rule, and checking a course change.
import { eq } from "drizzle-orm";
import { classSlots, courses, type Course } from "../../db/schema";
import type { FieldIssue } from "../../core/errors";
import type { Ctx } from "../../core/context";
import type { SlotInput } from "./schedulingSchemas";
import { checkCourse } from "./schedulingReferences";

/** Replaces the weekly rule of a class (inside the caller's transaction). */
export function replaceSlots(ctx: Ctx, classId: number, slots: SlotInput[]): void {
  ctx.db.delete(classSlots).where(eq(classSlots.classId, classId)).run();
  if (slots.length > 0) ctx.db.insert(classSlots).values(slots.map((s) => ({ ...s, classId }))).run();
}

/** The course a class has (or gets); checked only when it changes. */
export function courseAfterUpdate(ctx: Ctx, currentId: number, newId: number | undefined): { course?: Course; issue?: FieldIssue } {
  if (newId !== undefined && newId !== currentId) return checkCourse(ctx, "courseId", newId);
  return { course: ctx.db.select().from(courses).where(eq(courses.id, currentId)).get() };
}
