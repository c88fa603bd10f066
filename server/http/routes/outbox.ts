// /api/v1/outbox: platform messages waiting, delivered or given up (dead letters), and the manual
// retry of a dead one, which wakes the dispatcher so it goes out at once.
import { listOutbox, listOutboxSchema } from "../../domain/outbox/listOutbox";
import { retryOutbox, retryOutboxSchema } from "../../domain/outbox/retryOutbox";
import type { Dispatcher } from "../../outbox/dispatcher";
import { presentOutboxMessage } from "../presenters/outboxPresenter";
import { route, type RouteDef } from "../route";

const tag = "平台消息队列";

export function outboxRoutes(deps: { dispatcher: Pick<Dispatcher, "wake"> }): RouteDef[] {
  return [
    route({
      method: "get",
      path: "/api/v1/outbox",
      tag,
      summary: "平台消息队列（新的在前；status=dead 为已放弃的消息；before 为上一页最后一条的 id）",
      query: listOutboxSchema,
      handler: ({ ctx, query }) => {
        const page = listOutbox({ ctx, input: query });
        return { items: page.items.map(presentOutboxMessage), nextCursor: page.nextCursor };
      },
    }),
    route({
      method: "post",
      path: "/api/v1/outbox/:id/retry",
      tag,
      summary: "重试一条已放弃的消息：尝试次数清零，立即重新发送",
      params: retryOutboxSchema,
      handler: ({ ctx, params }) => {
        const row = retryOutbox({ ctx, input: params });
        deps.dispatcher.wake();
        return presentOutboxMessage(row);
      },
    }),
  ];
}
