// One rule's switch and parameters as the scan reads them: its row, else the shipped defaults.
import { eq } from "drizzle-orm";
import { serviceRules } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { RULE_PARAM_SCHEMAS, type RuleParams, type ServiceRuleKey } from "./ruleTypes";

export type ServiceRule<K extends ServiceRuleKey = ServiceRuleKey> = { key: K; enabled: boolean; params: RuleParams[K]; custom: boolean; updatedAt: number | null; version: number | null };

/** The rule as it runs now. A stored row that no longer parses (a parameter renamed) falls back to the defaults for what it lacks. */
export function serviceRule<K extends ServiceRuleKey>(ctx: Ctx, key: K): ServiceRule<K> {
  const row = ctx.db.select().from(serviceRules).where(eq(serviceRules.key, key)).get();
  const schema = RULE_PARAM_SCHEMAS[key];
  const stored = row?.params && typeof row.params === "object" ? row.params : {};
  const parsed = schema.safeParse(stored);
  const params = (parsed.success ? parsed.data : schema.parse({})) as RuleParams[K];
  return { key, enabled: row?.enabled ?? true, params, custom: row !== undefined, updatedAt: row?.updatedAt ?? null, version: row?.version ?? null };
}
