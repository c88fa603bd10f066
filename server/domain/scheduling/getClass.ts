// Classes (班级): create, change, read. Changes need classes.write and the class's campus; reads are
// limited to the actor's class scope (404 outside it). The weekly rule is replaced as a whole.
import type { z } from "zod";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassInScope } from "./classScope";
import { loadClassView, type ClassView } from "./classViews";
import { getClassSchema } from "./schedulingSchemas";

/** One class in the actor's scope, or 404. */
export function getClass({ ctx, input }: { ctx: Ctx; input: z.input<typeof getClassSchema> }): ClassView {
  const { id } = parseInput(getClassSchema, input);
  getClassInScope(ctx, id);
  return loadClassView(ctx, id);
}
