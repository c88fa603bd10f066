// A definition is accepted only when it can run: its shape (flowDefinitionSchema), unique step ids,
// named staff who exist and have not left, and conditions that compile and read only the fields the
// request type declares. Every problem is reported at once, with its path, in zh-CN.
import { inArray } from "drizzle-orm";
import { staff } from "../../db/schema";
import { validationError, type FieldIssue } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { conditionProblem } from "./conditions";
import { flowDefinitionSchema, type FlowDefinition } from "./flowDefinitionSchema";
import type { RequestType } from "./requestType";

/** The parsed definition, or a 400 listing every problem (`steps.1.when: 字段“x”不存在…`). */
export function validateDefinition(ctx: Ctx, requestType: Pick<RequestType<unknown>, "conditionFields">, raw: unknown): FlowDefinition {
  const definition = parseInput(flowDefinitionSchema, raw);
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  definition.steps.forEach((step, i) => {
    const first = seen.get(step.id);
    if (first !== undefined) issues.push({ path: `steps.${i}.id`, message: `步骤 id“${step.id}”与第 ${first + 1} 步重复` });
    else seen.set(step.id, i);
    if (step.when) {
      const problem = conditionProblem(step.when, requestType.conditionFields);
      if (problem) issues.push({ path: `steps.${i}.when`, message: problem });
    }
  });
  const named = definition.steps.flatMap((s, i) => ("staffIds" in s.approvers ? s.approvers.staffIds.map((id) => ({ id, i })) : []));
  if (named.length > 0) {
    const rows = ctx.db
      .select({ id: staff.id, name: staff.name, status: staff.status })
      .from(staff)
      .where(inArray(staff.id, [...new Set(named.map((n) => n.id))]))
      .all();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const { id, i } of named) {
      const person = byId.get(id);
      if (!person) issues.push({ path: `steps.${i}.approvers.staffIds`, message: `员工 ${id} 不存在` });
      else if (person.status !== "active") issues.push({ path: `steps.${i}.approvers.staffIds`, message: `员工 ${person.name}（${id}）已离职` });
    }
  }
  if (issues.length > 0) throw validationError(issues, "审批流程定义有误");
  return definition;
}
