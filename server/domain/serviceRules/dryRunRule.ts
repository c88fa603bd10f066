// A rule's dry run: what it would open now, for whom and why — the same candidates the scan opens,
// creating nothing. Shown with the parameters as they are stored (switched off: an empty list, said so).
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { staff } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { RuleCandidate } from "./ruleCandidate";
import { ruleCandidates } from "./ruleCandidates";
import { SERVICE_RULE_KEYS } from "./ruleTypes";
import { serviceRule } from "./serviceRule";

export const dryRunRuleSchema = z.object({ key: z.enum(SERVICE_RULE_KEYS) });

export type DryRun = { key: string; enabled: boolean; candidates: (RuleCandidate & { ownerName: string | null })[] };

/** Candidates are computed even for a switched-off rule, so an admin sees what switching it on would do. */
export function dryRunRule({ ctx, input }: { ctx: Ctx; input: z.input<typeof dryRunRuleSchema> }): DryRun {
  requirePermission(ctx.actor, "service.rules");
  const { key } = parseInput(dryRunRuleSchema, input);
  const enabled = serviceRule(ctx, key).enabled;
  const candidates = ruleCandidates(ctx, key, { evenIfOff: true });
  const ownerIds = [...new Set(candidates.flatMap((c) => (c.ownerId === null ? [] : [c.ownerId])))];
  const names = new Map<number, string>();
  for (let i = 0; i < ownerIds.length; i += 500) {
    for (const s of ctx.db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, ownerIds.slice(i, i + 500))).all()) names.set(s.id, s.name);
  }
  return { key, enabled, candidates: candidates.map((c) => ({ ...c, ownerName: c.ownerId === null ? null : (names.get(c.ownerId) ?? null) })) };
}
