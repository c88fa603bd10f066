// Which step's approver fills the request type's decision fields (finance's payout of a refund): the
// last step that applies. That step cannot be approved blind from a card (its 同意 opens the page),
// and no other step may bring those fields, so each approver sees only what they fill.
import type { ApprovalInstanceRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { pinnedDefinition } from "./approvalRecords";
import { evaluateCondition } from "./conditions";
import { requestTypeOf } from "./requestTypes";

/** True when no step after `stepIndex` applies to the instance (approving this step ends the flow). */
export function isLastStep(ctx: Ctx, instance: ApprovalInstanceRow, stepIndex: number): boolean {
  const { definition } = pinnedDefinition(ctx, instance);
  const requestType = requestTypeOf(instance.type);
  const fields = instance.fields as Record<string, unknown>;
  return definition.steps.slice(stepIndex + 1).every((step) => step.when !== undefined && !evaluateCondition(step.when, requestType.conditionFields, fields));
}

/** True when approving the step needs the type's decision fields (so it is done on the page, not on a card). */
export function approvesWithForm(ctx: Ctx, instance: ApprovalInstanceRow, stepIndex: number): boolean {
  return requestTypeOf(instance.type).decisionFields !== undefined && isLastStep(ctx, instance, stepIndex);
}
