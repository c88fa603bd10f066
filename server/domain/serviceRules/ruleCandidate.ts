// What a rule would open now: one task's worth of facts, before it is opened (the scan) or only shown
// (the dry run). Its dedupe key is the occasion's: a candidate whose key is taken is never produced.
import type { FollowupTaskKind } from "../../../shared/followupTasks";
import type { TaskFacts } from "../followupTasks/taskCard";
import type { ServiceRuleKey } from "./ruleTypes";

export type RuleCandidate = {
  ruleKey: ServiceRuleKey;
  kind: FollowupTaskKind;
  trigger: string;
  dedupeKey: string;
  studentId: number;
  studentName: string;
  campusId: number;
  ownerId: number | null;
  accountId?: number;
  sourceFollowupId?: number;
  title: string;
  facts: TaskFacts;
  dueAt: number;
  inputs: Record<string, unknown>;
};
