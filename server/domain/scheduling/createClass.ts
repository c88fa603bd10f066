// Classes (班级): create, change, read. Changes need classes.write and the class's campus; reads are
// limited to the actor's class scope (404 outside it). The weekly rule is replaced as a whole.
import type { z } from "zod";
import { classes } from "../../db/schema";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { capacityIssue, effectiveCapacity } from "./classCapacity";
import { loadClassView, type ClassView } from "./classViews";
import { classCreateSchema } from "./schedulingSchemas";
import { staffRoleIssue } from "../staff/staffRoleIssue";
import { campusIssue, checkCourse, roomIssue, throwIssues } from "./schedulingReferences";
import { replaceSlots } from "./classWrites";

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
