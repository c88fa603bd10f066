// The fake's todo APIs under /v1.0/todo/users/{unionId}/tasks: create (one task per sourceId, else
// `todo.taskCreate.paramError` "task exist"), update, delete ("task not exist" once gone) and lookup
// by sourceId. unionIds are the sandbox members'. Errors from the create/update/delete docs; the
// messages of the checks the docs do not list (unknown user, missing detailUrl) are the fake's own.
import { z } from "zod";
import { apiError, ok, type ApiHandler, type FakeAnswer } from "./dingtalkFakeApi";
import { randomHex, type DingtalkFakeState, type StoredTodo } from "./dingtalkFakeState";

const SUBJECT_MAX = 1024;
const DESCRIPTION_MAX = 4096;
const URL_MAX_BYTES = 1024;

const createSchema = z
  .object({
    subject: z.string().optional(),
    description: z.string().optional(),
    dueTime: z.number().int().optional(),
    executorIds: z.array(z.string()).optional(),
    participantIds: z.array(z.string()).optional(),
    sourceId: z.string().optional(),
    detailUrl: z.object({ appUrl: z.string().optional(), pcUrl: z.string().optional() }).loose().optional(),
    isOnlyShowExecutor: z.boolean().optional(),
  })
  .loose();

const updateSchema = z
  .object({
    subject: z.string().optional(),
    description: z.string().optional(),
    dueTime: z.number().int().optional(),
    done: z.boolean().optional(),
    executorIds: z.array(z.string()).optional(),
  })
  .loose();

/** The task as the API returns it (create and get-by-source answer the same shape). */
export function todoJson(todo: StoredTodo): Record<string, unknown> {
  return {
    id: todo.id,
    subject: todo.subject,
    description: todo.description,
    ...(todo.dueTime === undefined ? {} : { dueTime: todo.dueTime }),
    done: todo.done,
    executorIds: todo.executorIds,
    participantIds: [],
    detailUrl: todo.detailUrl,
    source: "xueguan-sandbox",
    sourceId: todo.sourceId,
    createdTime: todo.createdTime,
    modifiedTime: todo.modifiedTime,
    creatorId: todo.creatorId,
    modifierId: todo.creatorId,
    bizTag: "xueguan-sandbox",
    requestId: randomHex(8),
    isOnlyShowExecutor: todo.isOnlyShowExecutor,
    priority: 20,
  };
}

/** The live (not deleted) task `taskId`, or the "task not exist" answer of this operation. */
function liveTask(state: DingtalkFakeState, taskId: string | undefined, code: string): StoredTodo | FakeAnswer {
  const todo = taskId === undefined ? undefined : state.todos.get(taskId);
  return todo && !todo.deleted ? todo : apiError(400, code, "task not exist");
}

/** POST /v1.0/todo/users/{unionId}/tasks?operatorId= */
export function createTodoHandler(state: DingtalkFakeState): ApiHandler {
  return ({ body, params, now }) => {
    const code = "todo.taskCreate.paramError";
    const creator = params.unionId ?? "";
    if (!state.memberByUnionId(creator)) return apiError(400, code, "user not exist");
    const parsed = createSchema.safeParse(body);
    if (!parsed.success) return apiError(400, code);
    const req = parsed.data;
    if (!req.subject) return apiError(400, code, "subject is empty");
    if ([...req.subject].length > SUBJECT_MAX) return apiError(400, code, "subject is oversize");
    if (req.description !== undefined && [...req.description].length > DESCRIPTION_MAX) {
      return apiError(400, code, "description is oversize");
    }
    const appUrl = req.detailUrl?.appUrl;
    const pcUrl = req.detailUrl?.pcUrl;
    if (!appUrl || !pcUrl) return apiError(400, code, "detailUrl is required");
    if (Buffer.byteLength(appUrl) > URL_MAX_BYTES || Buffer.byteLength(pcUrl) > URL_MAX_BYTES) {
      return apiError(400, code, "detailUrl is oversize");
    }
    if (req.dueTime !== undefined && req.dueTime <= 0) return apiError(400, code, "dueTime is invalid");
    const executors = req.executorIds ?? [];
    if (executors.length > 100) return apiError(400, code, "executors is oversize");
    if (executors.some((id) => !state.memberByUnionId(id))) return apiError(400, code, "executor not exist");
    if (req.sourceId !== undefined && state.todoBySource.has(req.sourceId)) return apiError(400, code, "task exist");

    const todo: StoredTodo = {
      id: `task${randomHex(16)}`,
      sourceId: req.sourceId ?? "",
      creatorId: creator,
      executorIds: executors,
      subject: req.subject,
      description: req.description ?? "",
      detailUrl: { appUrl, pcUrl },
      ...(req.dueTime === undefined ? {} : { dueTime: req.dueTime }),
      isOnlyShowExecutor: req.isOnlyShowExecutor ?? false,
      done: false,
      deleted: false,
      createdTime: now,
      modifiedTime: now,
      seq: state.nextSeq(),
    };
    state.todos.set(todo.id, todo);
    if (req.sourceId !== undefined) state.todoBySource.set(req.sourceId, todo.id);
    return ok(todoJson(todo));
  };
}

/** PUT /v1.0/todo/users/{unionId}/tasks/{taskId}?operatorId= */
export function updateTodoHandler(state: DingtalkFakeState): ApiHandler {
  return ({ body, params, now }) => {
    const code = "todo.taskUpdate.paramError";
    const todo = liveTask(state, params.taskId, code);
    if ("status" in todo) return todo;
    const parsed = updateSchema.safeParse(body);
    if (!parsed.success) return apiError(400, code);
    const req = parsed.data;
    if (req.subject !== undefined) todo.subject = req.subject;
    if (req.description !== undefined) todo.description = req.description;
    if (req.dueTime !== undefined) todo.dueTime = req.dueTime;
    if (req.done !== undefined) todo.done = req.done;
    if (req.executorIds !== undefined) todo.executorIds = req.executorIds;
    todo.modifiedTime = now;
    return ok({ result: true, requestId: randomHex(8) });
  };
}

/** DELETE /v1.0/todo/users/{unionId}/tasks/{taskId}?operatorId= */
export function deleteTodoHandler(state: DingtalkFakeState): ApiHandler {
  return ({ params, now }) => {
    const todo = liveTask(state, params.taskId, "todo.taskDelete.paramError");
    if ("status" in todo) return todo;
    todo.deleted = true;
    todo.modifiedTime = now;
    return ok({ result: true, requestId: randomHex(8) });
  };
}

/** GET /v1.0/todo/users/{unionId}/tasks/sources/{sourceId} */
export function todoBySourceHandler(state: DingtalkFakeState): ApiHandler {
  return ({ params }) => {
    // A deleted task keeps its sourceId (it only moves to the recycle bin), so it is still found here.
    const taskId = params.sourceId === undefined ? undefined : state.todoBySource.get(params.sourceId);
    const todo = taskId === undefined ? undefined : state.todos.get(taskId);
    return todo ? ok(todoJson(todo)) : apiError(400, "todo.getTodoTaskBySourceId.paramError", "task not exist");
  };
}
