// DingTalk todos (待办) through /v1.0/todo/users/{unionId}/tasks: create (idempotent per sourceId),
// complete, delete. The todo API speaks unionIds only; the executor's unionId is both the path user
// and the operator. Shapes and errors: docs add-dingtalk-to-do-task, updates-/delete-dingtalk-to-do-tasks;
// docs/platforms/dingtalk.md §4.
import { z } from "zod";
import type { CreateTodoInput, TodoRef } from "../types";
import type { PlatformUser } from "../../../shared/platformNames";
import { PlatformError } from "../platformError";
import type { DingtalkClient } from "./dingtalkClient";
import { isDingtalkError } from "./dingtalkErrors";

const taskSchema = z.object({ id: z.string().min(1) }).loose();
const anySchema = z.unknown();

/** subject ≤1024, description ≤4096 (create doc); longer ones are cut rather than refused. */
const SUBJECT_MAX = 1024;
const DESCRIPTION_MAX = 4096;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function unionIdOf(user: PlatformUser): string {
  if (!user.unionId) {
    throw new PlatformError("dingtalk", "permanent", "no_union_id", `DingTalk user ${user.userId} has no unionId; todos need one`);
  }
  return user.unionId;
}

function tasksPath(unionId: string): string {
  return `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks`;
}

/** Todo calls for one app. */
export class DingtalkTodos {
  constructor(private readonly client: DingtalkClient) {}

  /**
   * Creates the todo. "task exist" for our sourceId means an earlier attempt got through: its id is
   * looked up by sourceId, so a retried create never makes a second task.
   */
  async create(input: CreateTodoInput): Promise<TodoRef> {
    const unionId = unionIdOf(input.executor);
    const body = {
      subject: cut(input.subject, SUBJECT_MAX),
      ...(input.description === undefined ? {} : { description: cut(input.description, DESCRIPTION_MAX) }),
      ...(input.dueAt === undefined ? {} : { dueTime: input.dueAt }),
      executorIds: [unionId],
      sourceId: input.sourceId,
      detailUrl: { appUrl: input.detailUrl, pcUrl: input.detailUrl },
      isOnlyShowExecutor: true,
    };
    try {
      const task = await this.client.api(
        { method: "POST", path: tasksPath(unionId), query: { operatorId: unionId }, body },
        taskSchema,
      );
      return { todoId: task.id, executor: input.executor };
    } catch (err) {
      if (!isDingtalkError(err, "todo.taskCreate.paramError", "task exist")) throw err;
      const existing = await this.client.api(
        { method: "GET", path: `${tasksPath(unionId)}/sources/${encodeURIComponent(input.sourceId)}` },
        taskSchema,
      );
      return { todoId: existing.id, executor: input.executor };
    }
  }

  async complete(todo: TodoRef): Promise<void> {
    const unionId = unionIdOf(todo.executor);
    await this.client.api(
      {
        method: "PUT",
        path: `${tasksPath(unionId)}/${encodeURIComponent(todo.todoId)}`,
        query: { operatorId: unionId },
        body: { done: true },
      },
      anySchema,
    );
  }

  /** Deletes the todo; one that no longer exists counts as deleted. */
  async delete(todo: TodoRef): Promise<void> {
    const unionId = unionIdOf(todo.executor);
    try {
      await this.client.api(
        { method: "DELETE", path: `${tasksPath(unionId)}/${encodeURIComponent(todo.todoId)}`, query: { operatorId: unionId } },
        anySchema,
      );
    } catch (err) {
      if (isDingtalkError(err, "todo.taskDelete.paramError", "task not exist")) return;
      throw err;
    }
  }
}
