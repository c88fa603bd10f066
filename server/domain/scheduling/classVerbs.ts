// Classes (班级): create, change, read. Changes need classes.write and the class's campus; reads are
// limited to the actor's class scope (404 outside it). The weekly rule is replaced as a whole.
import { and, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import { classes, classSlots, courses, type Course } from "../../db/schema";
import { conflict, type FieldIssue } from "../../core/errors";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage, type Page } from "../../core/page";
import { versionedUpdate } from "../versionedUpdate";
import { capacityIssue, effectiveCapacity } from "./classCapacity";
import { classScopeCondition, getClassInScope, getClassToChange } from "./classScope";
import { loadClassView, selectClassViews, type ClassView } from "./classViews";
import { countActiveEnrollments } from "./enrollmentQueries";
import { classCreateSchema, classListSchema, classUpdateSchema, type SlotInput } from "./schedulingSchemas";
import { staffRoleIssue } from "../staff/staffRoleIssue";
import { campusIssue, checkCourse, roomIssue, throwIssues } from "./schedulingReferences";

/** Replaces the weekly rule of a class (inside the caller's transaction). */
function replaceSlots(ctx: Ctx, classId: number, slots: SlotInput[]): void {
  ctx.db.delete(classSlots).where(eq(classSlots.classId, classId)).run();
  if (slots.length > 0) ctx.db.insert(classSlots).values(slots.map((s) => ({ ...s, classId }))).run();
}

/** Creates a class with its weekly rule; the actor must act for its campus. */
export function createClass({ ctx, input }: { ctx: Ctx; input: z.input<typeof classCreateSchema> }): ClassView {
  requirePermission(ctx.actor, "classes.write");
  const { slots, capacity: askedCapacity, ...data } = parseInput(classCreateSchema, input);
  requireCampus(ctx.actor, data.campusId);
  const { course, issue: courseIssue } = checkCourse(ctx, "courseId", data.courseId);
  const issues = [
    courseIssue,
    campusIssue(ctx, "campusId", data.campusId),
    staffRoleIssue(ctx, "teacherId", data.teacherId, "teacher"),
    data.headTeacherId === null ? undefined : staffRoleIssue(ctx, "headTeacherId", data.headTeacherId, "head_teacher"),
    data.roomId === null ? undefined : roomIssue(ctx, "roomId", data.roomId, data.campusId),
    capacityIssue(course?.type, askedCapacity),
  ];
  throwIssues(issues);
  const capacity = effectiveCapacity(course?.type, askedCapacity);
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const row = tx.db
      .insert(classes)
      .values({ ...data, capacity, createdAt: now, updatedAt: now })
      .returning()
      .get();
    replaceSlots(tx, row.id, slots);
    return loadClassView(tx, row.id);
  });
}

/** The course a class has (or gets); checked only when it changes. */
function courseAfterUpdate(ctx: Ctx, currentId: number, newId: number | undefined): { course?: Course; issue?: FieldIssue } {
  if (newId !== undefined && newId !== currentId) return checkCourse(ctx, "courseId", newId);
  return { course: ctx.db.select().from(courses).where(eq(courses.id, currentId)).get() };
}

/** Changes a class (optimistic version); only the references that change are checked again. */
export function updateClass({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof classUpdateSchema> }): ClassView {
  requirePermission(ctx.actor, "classes.write");
  const { version, slots, capacity: askedCapacity, ...data } = parseInput(classUpdateSchema, input);
  const current = getClassToChange(ctx, id);
  if (data.campusId !== undefined) requireCampus(ctx.actor, data.campusId);
  const merged = { ...current, ...data };
  const { course, issue: courseIssue } = courseAfterUpdate(ctx, current.courseId, data.courseId);
  const issues: (FieldIssue | undefined)[] = [courseIssue];
  if (merged.campusId !== current.campusId) issues.push(campusIssue(ctx, "campusId", merged.campusId));
  if (merged.teacherId !== current.teacherId) issues.push(staffRoleIssue(ctx, "teacherId", merged.teacherId, "teacher"));
  if (merged.headTeacherId !== null && merged.headTeacherId !== current.headTeacherId) {
    issues.push(staffRoleIssue(ctx, "headTeacherId", merged.headTeacherId, "head_teacher"));
  }
  if (merged.roomId !== null && (merged.roomId !== current.roomId || merged.campusId !== current.campusId)) {
    issues.push(roomIssue(ctx, "roomId", merged.roomId, merged.campusId));
  }
  if (merged.endDate < merged.startDate) issues.push({ path: "endDate", message: "结束日期不能早于开始日期" });
  if (askedCapacity !== undefined) issues.push(capacityIssue(course?.type, askedCapacity));
  throwIssues(issues);
  const seats = effectiveCapacity(course?.type, askedCapacity ?? current.capacity);
  return inTransaction(ctx, (tx) => {
    const taken = countActiveEnrollments(tx.db, id);
    if (seats < taken) throw conflict(`班级已有 ${taken} 名在读学员，容量不能少于在读人数`, { activeEnrollments: taken });
    versionedUpdate(tx.db, classes, id, version, { ...data, capacity: seats, updatedAt: tx.clock.now() }, "班级");
    if (slots !== undefined) replaceSlots(tx, id, slots);
    return loadClassView(tx, id);
  });
}

/** One class in the actor's scope, or 404. */
export function getClass({ ctx, id }: { ctx: Ctx; id: number }): ClassView {
  getClassInScope(ctx, id);
  return loadClassView(ctx, id);
}

/** Classes in the actor's scope, newest first, with filters and keyset paging. */
export function listClasses({ ctx, input }: { ctx: Ctx; input: z.input<typeof classListSchema> }): Page<ClassView> {
  const f = parseInput(classListSchema, input);
  const where = and(
    classScopeCondition(ctx.actor),
    f.cursor === undefined ? undefined : lt(classes.id, f.cursor),
    f.campusId === undefined ? undefined : eq(classes.campusId, f.campusId),
    f.teacherId === undefined ? undefined : eq(classes.teacherId, f.teacherId),
    f.courseId === undefined ? undefined : eq(classes.courseId, f.courseId),
    f.status === undefined ? undefined : eq(classes.status, f.status),
  );
  return toPage(selectClassViews(ctx, where, f.limit + 1), f.limit);
}
