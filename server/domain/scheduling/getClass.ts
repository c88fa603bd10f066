// Classes (班级): create, change, read. Changes need classes.write and the class's campus; reads are
// limited to the actor's class scope (404 outside it). The weekly rule is replaced as a whole.
import type { Ctx } from "../../core/context";
import { getClassInScope } from "./classScope";
import { loadClassView, type ClassView } from "./classViews";

/** One class in the actor's scope, or 404. */
export function getClass({ ctx, id }: { ctx: Ctx; id: number }): ClassView {
  getClassInScope(ctx, id);
  return loadClassView(ctx, id);
}
