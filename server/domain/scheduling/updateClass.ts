// Classes (班级): create, change, read. Changes need classes.write and the class's campus; reads are
// limited to the actor's class scope (404 outside it). The weekly rule is replaced as a whole.
import type { z } from "zod";
import { classes } from "../../db/schema";
import { conflict, type FieldIssue } from "../../core/errors";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { capacityIssue, effectiveCapacity } from "./classCapacity";
import { getClassToChange } from "./classScope";
import { loadClassView, type ClassView } from "./classViews";
import { countActiveEnrollments } from "./enrollmentQueries";
import { updateClassSchema } from "./schedulingSchemas";
import { staffRoleIssue } from "../staff/staffRoleIssue";
import { campusIssue, roomIssue, throwIssues } from "./schedulingReferences";
import { replaceSlots, courseAfterUpdate } from "./classWrites";

/** Changes a class (optimistic version); only the references that change are checked again. */
export function updateClass({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateClassSchema> }): ClassView {
  requirePermission(ctx.actor, "classes.write");
  const { id, version, slots, capacity: askedCapacity, ...data } = parseInput(updateClassSchema, input);
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
