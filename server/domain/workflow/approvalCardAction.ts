// A click on an approval card (同意 / 驳回) becomes the clicker's decision through decideTask, as the
// person the copy was sent to. A click that cannot count (not their task, already decided, a step that
// has closed) changes nothing but re-sends the card's current content, so the clicker's copy shows the truth.
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
  const refresh = () => updateCard(ctx, click.cardId, stepCardContent(ctx, stepRunId));
  if (actionKey !== APPROVE_KEY && actionKey !== REJECT_KEY) {
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
    const result = decideTask({ ctx, input: { taskId: task.id, decision: actionKey === APPROVE_KEY ? "approve" : "reject", via: "card" } });
    return `${result.task.status} task ${task.id}; instance ${result.instance.id} ${result.instance.status}`;
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    refresh();
    return `${err.code}: ${err.message}`;
  }
}
