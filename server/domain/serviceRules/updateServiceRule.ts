// Switches a rule on or off and changes its parameters (admins: service.rules). The parameters given
// are merged over the current ones and checked by the rule type's schema; a bad one is a 400 naming
// `params.<name>`. The change applies from the next scan.
import { z } from "zod";
import { serviceRules } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { validationError } from "../../core/errors";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { ruleView, type ServiceRuleView } from "./listServiceRules";
import { RULE_PARAM_SCHEMAS, SERVICE_RULE_KEYS } from "./ruleTypes";
import { serviceRule } from "./serviceRule";

/** PATCH /service-rules/:key. */
export const serviceRulePatchSchema = z.object({
  enabled: z.boolean().optional(),
  /** Some or all of the rule type's parameters. */
  params: z.record(z.string(), z.unknown()).optional(),
});
export const updateServiceRuleSchema = serviceRulePatchSchema.extend({ key: z.enum(SERVICE_RULE_KEYS) });

export function updateServiceRule({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateServiceRuleSchema> }): ServiceRuleView {
  requirePermission(ctx.actor, "service.rules");
  const { key, enabled, params } = parseInput(updateServiceRuleSchema, input);
  const current = serviceRule(ctx, key);
  const schema = RULE_PARAM_SCHEMAS[key];
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(params ?? {}).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw validationError(unknown.map((k) => ({ path: `params.${k}`, message: "没有这个参数" })));
  const parsed = schema.strict().safeParse({ ...current.params, ...params });
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ path: ["params", ...i.path.map(String)].join("."), message: i.message })));
  const now = ctx.clock.now();
  const values = { key, enabled: enabled ?? current.enabled, params: parsed.data, updatedAt: now };
  ctx.db
    .insert(serviceRules)
    .values(values)
    .onConflictDoUpdate({ target: serviceRules.key, set: { enabled: values.enabled, params: values.params, updatedAt: now } })
    .run();
  return ruleView(ctx, key);
}
