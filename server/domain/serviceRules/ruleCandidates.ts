// Every rule's candidates in one place: what the scan opens and the dry run shows.
import type { Ctx } from "../../core/context";
import { churnCandidates } from "./churnCandidates";
import { reminderCandidates } from "./reminderCandidates";
import { renewalCandidates } from "./renewalCandidates";
import type { RuleCandidate } from "./ruleCandidate";
import type { ServiceRuleKey } from "./ruleTypes";
import { serviceRule } from "./serviceRule";
import { visitCandidates } from "./visitCandidates";

/** The rule's candidates now: none when it is switched off, unless `evenIfOff` (the dry run shows what switching it on would do). */
export function ruleCandidates(ctx: Ctx, key: ServiceRuleKey, options: { evenIfOff?: boolean } = {}): RuleCandidate[] {
  const on = (enabled: boolean) => enabled || options.evenIfOff === true;
  switch (key) {
    case "renewal": {
      const rule = serviceRule(ctx, "renewal");
      return on(rule.enabled) ? renewalCandidates(ctx, rule.params) : [];
    }
    case "visit": {
      const rule = serviceRule(ctx, "visit");
      return on(rule.enabled) ? visitCandidates(ctx, rule.params) : [];
    }
    case "churn": {
      const rule = serviceRule(ctx, "churn");
      return on(rule.enabled) ? churnCandidates(ctx, rule.params) : [];
    }
    case "reminder": {
      const rule = serviceRule(ctx, "reminder");
      return on(rule.enabled) ? reminderCandidates(ctx, rule.params) : [];
    }
  }
}
