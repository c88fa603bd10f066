// Classes (班级): create, change, read. Changes need classes.write and the class's campus; reads are
// limited to the actor's class scope (404 outside it). The weekly rule is replaced as a whole.
import { and, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import { classes } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage, type Page } from "../../core/page";
import { classScopeCondition } from "./classScope";
import { selectClassViews, type ClassView } from "./classViews";
import { classListSchema } from "./schedulingSchemas";

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
