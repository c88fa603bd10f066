// Every approver of an open step also gets a 待办: on DingTalk it is a task in their todo list (the
// outbox creates it there; on WeCom the step's card is the todo, so nothing more is sent). The todo
// rides on the step's card (no second card), is keyed by the approval task (a re-sent card or a
// reminder never opens another), and is closed when the task leaves `pending`: done when its approver
// decided, deleted when it no longer needs them (a sibling decided, the step closed, withdrawn).
import { closeTodo, openTodo, openTodoIdsAbout } from "../../outbox/messages";
import { APPROVAL_TASK_CARD_KIND } from "../../../cards/approvalCards";
import { approvalDetailPath } from "../../../shared/appPaths";
import type { ApprovalInstanceRow, ApprovalTaskRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { requestTypeOf } from "./requestTypes";
import { studentNameOf } from "./requestFacts";
import { tasksOfRun } from "./approvalRecords";

export const APPROVAL_TODO_REF = "approval_task";

/** "审批：退费 · 王小明（班主任）". */
function todoSubject(ctx: Ctx, instance: ApprovalInstanceRow, stepName: string): string {
  const label = requestTypeOf(instance.type).label;
  const who = instance.studentId === null ? "" : ` · ${studentNameOf(ctx, instance.studentId)}`;
  return `审批：${label}${who}（${stepName}）`;
}

/** Opens a todo for each pending task given that has none yet, on the step's card `cardId`. */
export function openApprovalTodos(ctx: Ctx, instance: ApprovalInstanceRow, stepName: string, cardId: number, tasks: ApprovalTaskRow[], dueAt: number | null, notBefore?: number): void {
  const subject = todoSubject(ctx, instance, stepName);
  for (const task of tasks) {
    if (task.status !== "pending") continue;
    const refId = String(task.id);
    if (openTodoIdsAbout(ctx, { refType: APPROVAL_TODO_REF, refId }).length > 0) continue;
    openTodo(ctx, {
      kind: APPROVAL_TASK_CARD_KIND,
      refType: APPROVAL_TODO_REF,
      refId,
      staffId: task.approverStaffId,
      subject,
      detailUrl: approvalDetailPath(instance.id),
      cardId,
      ...(dueAt === null ? {} : { dueAt }),
      ...(notBefore === undefined ? {} : { notBefore }),
    });
  }
}

/** Closes the todos of the step's tasks that are no longer pending (the step card shows the outcome). */
export function closeApprovalTodos(ctx: Ctx, stepRunId: number): void {
  for (const task of tasksOfRun(ctx, stepRunId)) {
    if (task.status === "pending") continue;
    const outcome = task.status === "approved" || task.status === "rejected" ? "done" : "deleted";
    for (const id of openTodoIdsAbout(ctx, { refType: APPROVAL_TODO_REF, refId: String(task.id) })) closeTodo(ctx, id, outcome);
  }
}
