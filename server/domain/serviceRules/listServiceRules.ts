// The rules as an admin sees them: each type's switch, parameters (stored or the shipped defaults) and label.
import type { Ctx } from "../../core/context";
import { requirePermission } from "../access/permissions";
import { RULE_LABELS, RULE_PARAM_SCHEMAS, SERVICE_RULE_KEYS } from "./ruleTypes";
import { serviceRule, type ServiceRule } from "./serviceRule";

export type ServiceRuleView = ServiceRule & { label: string; defaults: Record<string, unknown> };

export function listServiceRules({ ctx }: { ctx: Ctx }): ServiceRuleView[] {
  requirePermission(ctx.actor, "service.rules");
  return SERVICE_RULE_KEYS.map((key) => ruleView(ctx, key));
}

export function ruleView(ctx: Ctx, key: (typeof SERVICE_RULE_KEYS)[number]): ServiceRuleView {
  const rule = serviceRule(ctx, key);
  return { ...rule, label: RULE_LABELS[key], defaults: serviceRuleDefaults(key) };
}

/** The shipped parameters of a rule type. */
export const serviceRuleDefaults = (key: (typeof SERVICE_RULE_KEYS)[number]): Record<string, unknown> => RULE_PARAM_SCHEMAS[key].parse({});
