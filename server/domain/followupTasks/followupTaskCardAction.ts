// A click on a follow-up task card's outcome button records that outcome as the person the copy was
// sent to (recordFollowupOutcome: the card and the todo close there). A button that opens the page (暂不续费:
// a reason is needed) records nothing if a client calls back anyway; nor does a click on a task already
// closed (its card already shows the state line) or by someone who may not act on it.
import type { z } from "zod";
import { ServiceError } from "../../core/errors";
import { parseInput } from "../../core/input";
import type { Ctx } from "../../core/context";
import { cardClickSchema } from "../cardClicks/cardClick";
import { OUTCOME_KEY_PREFIX } from "../../../cards/followupTaskCard";
import { FOLLOWUP_OUTCOMES, OUTCOMES_NEEDING_REASON, type FollowupOutcome } from "../../../shared/followupTasks";
import { recordFollowupOutcome } from "./recordFollowupOutcome";
import { FOLLOWUP_TASK_REF } from "./taskCard";

const isOutcome = (v: string): v is FollowupOutcome => (FOLLOWUP_OUTCOMES as readonly string[]).includes(v);

/** The handler of the `followup_task` card kind (cardClickHandlers.ts); returns the outcome for the inbound log. */
export function followupTaskCardAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof cardClickSchema> }): string {
  const click = parseInput(cardClickSchema, input);
  const taskId = Number(click.refId);
  if (click.refType !== FOLLOWUP_TASK_REF || !Number.isInteger(taskId)) return `not a follow-up task card: ${click.refType}:${click.refId}`;
  const outcome = click.actionKey.startsWith(OUTCOME_KEY_PREFIX) ? click.actionKey.slice(OUTCOME_KEY_PREFIX.length) : "";
  if (!isOutcome(outcome)) return `unknown action ${click.actionKey}`;
  if (OUTCOMES_NEEDING_REASON.includes(outcome)) return "PRECONDITION_FAILED: 该结果须在详情页选择原因";
  try {
    const task = recordFollowupOutcome({ ctx, input: { taskId, outcome, via: "card" } });
    return `task ${task.id} ${task.state}: ${outcome}`;
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    return `${err.code}: ${err.message}`;
  }
}
