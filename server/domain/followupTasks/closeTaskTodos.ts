// Closes every open todo of a task (the owner's, and a former owner's left open): the card shows the
// state line in place of its buttons, the DingTalk todo is completed (`done`) or removed (`deleted`).
import type { FollowupTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { closeTodo, openTodoIdsAbout } from "../../outbox/messages";
import { FOLLOWUP_TASK_REF, taskCardContent } from "./taskCard";

export function closeTaskTodos(ctx: Ctx, task: FollowupTaskRow, outcome: "done" | "deleted", state: string): void {
  const open = openTodoIdsAbout(ctx, { refType: FOLLOWUP_TASK_REF, refId: String(task.id) });
  if (open.length === 0) return;
  const card = taskCardContent(ctx, task, state);
  for (const id of open) closeTodo(ctx, id, outcome, card);
}
