// A click on an approval card's 同意 becomes the clicker's decision through decideTask, as the person
// the copy was sent to. 驳回 is a link to the detail page (a rejection needs a reason), so a 驳回
// callback (an older card, a client that calls back anyway) rejects nothing; nor does 同意 on a step
// whose approver fills facts on the page (finance's payout). A click that cannot count changes nothing
// but re-sends the card's current content (unless the step is open and its card unchanged), so the
// clicker's copy shows the truth.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { approvalTasks } from "../../db/schema";
import { ServiceError } from "../../core/errors";
import { parseInput } from "../../core/input";
import { updateCard } from "../../outbox/messages";
import { cardClickSchema } from "../cardClicks/cardClick";
import type { Ctx } from "../../core/context";
import { APPROVAL_STEP_REF, stepCardContent } from "./approvalCards";
import { APPROVE_KEY, REJECT_KEY } from "../../../cards/approvalCards";
import { decideTask } from "./decideTask";

/** The handler of the `approval_task` card kind (cardClickHandlers.ts); returns the outcome for the inbound log. */
export function approvalCardAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof cardClickSchema> }): string {
  const click = parseInput(cardClickSchema, input);
  const { actionKey } = click;
  const stepRunId = Number(click.refId);
  if (click.refType !== APPROVAL_STEP_REF || !Number.isInteger(stepRunId)) return `not an approval step card: ${click.refType}:${click.refId}`;
  // An open step's card that did not change is not re-sent: on WeCom every update spends the copy's one
  // response code, and the decision made on the page (a 驳回 with its reason) then needs it.
  const refresh = () => {
    const fresh = stepCardContent(ctx, stepRunId);
    if (fresh.state === undefined && JSON.stringify(fresh) === JSON.stringify(click.content)) return;
    updateCard(ctx, click.cardId, fresh);
  };
  if (actionKey === REJECT_KEY) {
    refresh();
    return "PRECONDITION_FAILED: 驳回须在详情页填写理由";
  }
  if (actionKey !== APPROVE_KEY) {
    refresh();
    return `unknown action ${actionKey}`;
  }
  const staffId = ctx.actor.kind === "staff" ? ctx.actor.staffId : null;
  const task =
    staffId === null
      ? undefined
      : ctx.db
          .select({ id: approvalTasks.id })
          .from(approvalTasks)
          .where(and(eq(approvalTasks.stepRunId, stepRunId), eq(approvalTasks.approverStaffId, staffId)))
          .get();
  if (!task) {
    refresh();
    return "FORBIDDEN: 不是该步骤的审批人";
  }
  try {
    const result = decideTask({ ctx, input: { taskId: task.id, decision: "approve", via: "card" } });
    return `${result.task.status} task ${task.id}; instance ${result.instance.id} ${result.instance.status}`;
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    refresh();
    return `${err.code}: ${err.message}`;
  }
}
