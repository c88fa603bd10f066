// todo.create, todo.complete and todo.delete rows. Every todo already is a card (sent by its own
// card rows); on a platform with a todo API (DingTalk) it is also put in the person's todo list,
// and closed there when the domain closes it. WeCom has none: the card is the todo.
import { eq } from "drizzle-orm";
import { staff, todos, type OutboxRow, type Staff, type TodoRow } from "../db/schema";
import type { Ctx } from "../core/context";
import type { TodoRef } from "../platforms/types";
import type { PlatformUser } from "../../shared/platformNames";
import type { PlatformName } from "../../shared/platformNames";
import { URL_LIMITS, utf8Length } from "../../cards/textLimits";
import { APPROVAL_TASK_CARD_KIND } from "../../cards/approvalCards";
import type { QuotaPriority } from "./monthlyQuota";
import { payloadId, recipientOf, type DeliveryDeps, type DeliveryPlan, type Refusal } from "./deliveryPlan";

/** Our id for a todo on the platform (DingTalk `sourceId`, one task per id: a re-send finds the first). */
export const todoSourceId = (todoId: number) => `xg-todo-${todoId}`;

/** Our names for the todo APIs, as the rate limits count them. */
const TODO_API = { create: "todo/create", complete: "todo/update", delete: "todo/delete" } as const;

function load(deps: DeliveryDeps, row: OutboxRow): { todo: TodoRow; person: Staff | undefined } | { refused: Refusal } {
  const todoId = payloadId(row.payload, "todoId");
  if (todoId === undefined) return { refused: { kind: "refuse", code: "bad_payload", message: `payload has no todoId: ${JSON.stringify(row.payload)}` } };
  const todo = deps.db.select().from(todos).where(eq(todos.id, todoId)).get();
  if (!todo) return { refused: { kind: "refuse", code: "missing_todo", message: `todo ${todoId} does not exist` } };
  const person = deps.db.select().from(staff).where(eq(staff.id, todo.staffId)).get();
  return { todo, person };
}

/** Platform todo pages must be absolute; the domain may give a path on our own server. */
export function absoluteUrl(url: string, publicBaseUrl: string | undefined): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  if (!publicBaseUrl) return undefined;
  return `${publicBaseUrl.replace(/\/+$/, "")}/${url.replace(/^\/+/, "")}`;
}

/** todo.create: a platform todo where the platform has them; on WeCom the todo's card is all there is. */
export function planTodoCreate(deps: DeliveryDeps, row: OutboxRow): DeliveryPlan {
  const loaded = load(deps, row);
  if ("refused" in loaded) return loaded.refused;
  const { todo, person } = loaded;
  if (todo.platformTodoId) return { kind: "skip", outcome: "already_created" };
  // Closed before it reached the platform: its card says so; a platform todo would only be noise.
  if (todo.status !== "open") return { kind: "skip", outcome: "closed" };
  const to = person ? recipientOf(deps.platforms, person) : undefined;
  if (!to) return { kind: "skip", outcome: "no_account" };
  const platform = to.platform;
  if (to.adapter.todos === "as_card") {
    return { kind: "skip", outcome: "as_card", record: (ctx) => setTodo(ctx, todo.id, { platform }) };
  }
  const detailUrl = absoluteUrl(todo.detailUrl, deps.publicBaseUrl);
  if (!detailUrl) {
    return { kind: "refuse", code: "bad_detail_url", message: `todo ${todo.id}: relative detail URL ${todo.detailUrl} and no public base URL` };
  }
  // DingTalk refuses a longer detailUrl; a cut link would open the wrong page. The todo's card still goes out.
  if (platform === "dingtalk" && utf8Length(detailUrl) > URL_LIMITS.dingtalkTodoBytes) {
    return { kind: "refuse", code: "bad_detail_url", message: `todo ${todo.id}: detail URL is ${utf8Length(detailUrl)} bytes, DingTalk allows ${URL_LIMITS.dingtalkTodoBytes}` };
  }
  return {
    kind: "call",
    budget: { platform, api: TODO_API.create },
    priority: todoPriority(todo),
    send: async () => {
      const ref = await to.adapter.createTodo({
        sourceId: todoSourceId(todo.id),
        subject: todo.subject,
        detailUrl,
        ...(todo.dueAt === null ? {} : { dueAt: todo.dueAt }),
        executor: to.user,
      });
      return (ctx) => {
        setTodo(ctx, todo.id, { platform, platformTodoId: ref.todoId, platformExecutor: ref.executor.unionId ?? ref.executor.userId });
        return null;
      };
    },
  };
}

/** todo.complete / todo.delete: closes the platform todo, if one was created. */
export function planTodoClose(deps: DeliveryDeps, row: OutboxRow, action: "complete" | "delete"): DeliveryPlan {
  const loaded = load(deps, row);
  if ("refused" in loaded) return loaded.refused;
  const { todo, person } = loaded;
  if (!todo.platformTodoId || !todo.platform) return { kind: "skip", outcome: "nothing_to_do" };
  const platform: PlatformName = todo.platform;
  const adapter = deps.platforms[platform];
  if (!adapter) return { kind: "skip", outcome: "platform_off", warn: `${platform} is off: its todo stays open there` };
  const ref: TodoRef = { todoId: todo.platformTodoId, executor: executorOf(platform, todo, person) };
  return {
    kind: "call",
    budget: { platform, api: TODO_API[action] },
    priority: todoPriority(todo),
    send: async () => {
      await (action === "complete" ? adapter.completeTodo(ref) : adapter.deleteTodo(ref));
      return () => null;
    },
  };
}

/** The executor the todo was created for: the stored platform id (DingTalk unionId) with the person's user id. */
function executorOf(platform: PlatformName, todo: TodoRow, person: Staff | undefined): PlatformUser {
  const stored = todo.platformExecutor ?? "";
  if (platform === "dingtalk") return { userId: person?.dingtalkUserId ?? stored, unionId: stored };
  return { userId: stored };
}

/** An approval's todo may spend the quota's reserve (closing it too: an open todo for a decided request misleads). */
function todoPriority(todo: TodoRow): QuotaPriority {
  return todo.kind === APPROVAL_TASK_CARD_KIND ? "essential" : "normal";
}

function setTodo(ctx: Ctx, todoId: number, values: Partial<Pick<TodoRow, "platform" | "platformTodoId" | "platformExecutor">>): void {
  ctx.db.update(todos).set({ ...values, updatedAt: ctx.clock.now() }).where(eq(todos.id, todoId)).run();
}
