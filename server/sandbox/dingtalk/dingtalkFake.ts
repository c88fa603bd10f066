// The sandbox DingTalk: the real API paths of both hosts (new API /v1.0/..., legacy /topapi/... and
// /gettoken) under one base, without the /sandbox/dingtalk prefix, with DingTalk's request and
// response shapes and error codes; a Stream gateway; and a client side (inbox, todos, clicks, 免登
// codes, pushed events) for the /sandbox page and the tests. Production code cannot tell it from
// DingTalk except by DINGTALK_API_BASE / DINGTALK_OAPI_BASE (both `<url>/sandbox/dingtalk`).
import type { Server } from "node:http";
import Router from "@koa/router";
import { z } from "zod";
import { SANDBOX_DINGTALK, type SandboxCall, type SandboxFake, type SandboxFakeDeps, type SandboxTodoView } from "../sandboxTypes";
import { dingtalkCardView } from "./dingtalkCardView";
import { apiError, dingtalkApi, ok, oapiJson, type ApiFrame } from "./dingtalkFakeApi";
import { clickCard, pushEvent, verifyCallbackUrl, type ClickOptions, type DingtalkPushResult } from "./dingtalkFakeCallbacks";
import { createAndDeliverHandler, registerCallbackHandler, updateCardHandler } from "./dingtalkFakeCards";
import { DEFAULT_QPS_LIMIT, DingtalkFakeState, TICKET_LIFETIME_SEC, TOKEN_LIFETIME_SEC, randomHex, type StoredTodo } from "./dingtalkFakeState";
import { createTodoHandler, deleteTodoHandler, todoBySourceHandler, updateTodoHandler } from "./dingtalkFakeTodos";
import { DingtalkFakeQuota } from "./dingtalkFakeQuota";
import { DingtalkStreamGateway, STREAM_CONNECT_PATH, type StreamAck } from "./dingtalkStreamGateway";

export type { DingtalkPushResult } from "./dingtalkFakeCallbacks";
export type { StreamAck } from "./dingtalkStreamGateway";

/** The sandbox DingTalk, with what only DingTalk has: Stream mode, pushed events, the check_url event. */
export interface DingtalkFake extends SandboxFake {
  readonly platform: "dingtalk";
  /** Serves the Stream WebSocket on `server` (the one the fake's router runs on); returns a detach function. */
  attachStreamGateway(server: Server): () => void;
  /** A click in one of the two documented shapes, or as a template built wrong would send it (another button id, other params). */
  clickAs(input: { userId: string; taskId: string; actionKey: string } & ClickOptions): Promise<{ status: number; body: string }>;
  /** Sends an event (e.g. "user_add_org", { userId: ["…"] }) over Stream if a client listens, else by HTTP push. */
  pushEvent(eventType: string, data: Record<string, unknown>): Promise<DingtalkPushResult>;
  /** The check_url event an admin triggers by saving the HTTP push settings. */
  verifyCallbackUrl(): Promise<{ ok: boolean; status: number; body: string }>;
  /** The Stream gateway's side, for tests and the demo. */
  readonly stream: {
    connections(): number;
    /** Resolves once `count` connections were accepted in total. */
    waitForAccepted(count: number): Promise<void>;
    /** Resolves once no connection is open. */
    waitForIdle(): Promise<void>;
    readonly acks: StreamAck[];
    ping(): Promise<StreamAck>;
    disconnect(reason?: string, closeAfterMs?: number): void;
    /** Cuts every connection without a word (a network failure); the client must notice and reconnect. */
    drop(): void;
  };
  /** Card callback routes the app registered: routeKey → url. */
  callbackRoutes(): Record<string, string>;
  /** The org's monthly quota of billable calls: set (undefined: none) and read this month's use. */
  readonly quota: { set(monthlyCalls: number | undefined): void; used(): number };
}

/** Test-only knobs; the sandbox page uses the defaults. */
export type DingtalkFakeOptions = {
  /** Pins the JS-API ticket handed out (tests check signatures). */
  jsapiTicket?: string;
  /** Calls per second per API before 403 QpsLimitForAppkeyAndApi; 20 by default. */
  qpsLimit?: number;
  /** Billable calls a month before 403 Forbidden.AccessDenied.ApiCountLimitForOrg (90020 on oapi); none by default. */
  monthlyCalls?: number;
};

const accessTokenSchema = z.object({ appKey: z.string().optional(), appSecret: z.string().optional() }).loose();
const userInfoSchema = z.object({ code: z.string().optional() }).loose();
const openSchema = z
  .object({
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    subscriptions: z.array(z.object({ type: z.string(), topic: z.string() })).optional(),
  })
  .loose();

function todoView(todo: StoredTodo, executor: string): SandboxTodoView {
  return {
    platform: "dingtalk",
    todoId: todo.id,
    sourceId: todo.sourceId,
    executor,
    subject: todo.subject,
    detailUrl: todo.detailUrl.appUrl,
    ...(todo.dueTime === undefined ? {} : { dueAt: todo.dueTime }),
    done: todo.done,
    deleted: todo.deleted,
    createdAt: todo.createdTime,
  };
}

/** The fake DingTalk internal app of the sandbox (credentials SANDBOX_DINGTALK). */
export function createDingtalkFake(deps: SandboxFakeDeps, options: DingtalkFakeOptions = {}): DingtalkFake {
  const app = { ...SANDBOX_DINGTALK };
  const state = new DingtalkFakeState(deps.clock, deps.directory, options.qpsLimit ?? DEFAULT_QPS_LIMIT);
  const calls: SandboxCall[] = [];
  const quota = new DingtalkFakeQuota(options.monthlyCalls);
  const frame: ApiFrame = { deps, state, calls, quota };
  const gateway = new DingtalkStreamGateway(deps.clock, app.appKey);
  const api = { host: "api", auth: true } as const;
  const router = new Router();

  router.post(
    "/v1.0/oauth2/accessToken",
    dingtalkApi(frame, "/v1.0/oauth2/accessToken", { host: "api", auth: false }, ({ body }) => {
      const req = accessTokenSchema.safeParse(body);
      if (!req.success || !req.data.appKey || !req.data.appSecret) return apiError(400, "MissingParameter", "appKey 和 appSecret 必填");
      if (req.data.appKey !== app.appKey || req.data.appSecret !== app.appSecret) {
        return apiError(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
      }
      return ok({ accessToken: state.issueToken(), expireIn: TOKEN_LIFETIME_SEC });
    }),
  );

  router.get(
    "/gettoken",
    dingtalkApi(frame, "/gettoken", { host: "oapi", auth: false }, ({ query }) =>
      query.appkey === app.appKey && query.appsecret === app.appSecret
        ? oapiJson(0, "ok", { access_token: state.issueToken(), expires_in: TOKEN_LIFETIME_SEC })
        : oapiJson(40096, "不合法的appKey或appSecret"),
    ),
  );

  router.post(
    "/v1.0/oauth2/jsapiTickets",
    dingtalkApi(frame, "/v1.0/oauth2/jsapiTickets", api, () =>
      ok({ jsapiTicket: options.jsapiTicket ?? `sandbox-ticket-${randomHex(24)}`, expireIn: TICKET_LIFETIME_SEC }),
    ),
  );

  router.post(
    "/topapi/v2/user/getuserinfo",
    dingtalkApi(frame, "/topapi/v2/user/getuserinfo", { host: "oapi", auth: true }, ({ body }) => {
      const req = userInfoSchema.safeParse(body);
      if (!req.success || !req.data.code) return oapiJson(40035, "缺少参数 code");
      const userId = state.takeLoginCode(req.data.code);
      if (userId === undefined) return oapiJson(40078, "不存在的临时授权码");
      const member = state.memberByUserId(userId);
      if (!member) return oapiJson(60121, "找不到该用户");
      return oapiJson(0, "ok", {
        result: {
          userid: userId,
          unionid: member.dingtalkUnionId ?? "",
          associated_unionid: "",
          name: member.name,
          sys: false,
          sys_level: 0,
          device_id: `sandbox-device-${randomHex(6)}`,
        },
      });
    }),
  );

  router.post("/v1.0/card/instances/createAndDeliver", dingtalkApi(frame, "/v1.0/card/instances/createAndDeliver", api, createAndDeliverHandler(app, state)));
  router.put("/v1.0/card/instances", dingtalkApi(frame, "/v1.0/card/instances", api, updateCardHandler(state)));
  router.post("/v1.0/card/callbacks/register", dingtalkApi(frame, "/v1.0/card/callbacks/register", api, registerCallbackHandler(state)));

  const tasks = "/v1.0/todo/users/{unionId}/tasks";
  router.post("/v1.0/todo/users/:unionId/tasks", dingtalkApi(frame, tasks, api, createTodoHandler(state)));
  router.get("/v1.0/todo/users/:unionId/tasks/sources/:sourceId", dingtalkApi(frame, `${tasks}/sources/{sourceId}`, api, todoBySourceHandler(state)));
  router.put("/v1.0/todo/users/:unionId/tasks/:taskId", dingtalkApi(frame, `${tasks}/{taskId}`, api, updateTodoHandler(state)));
  router.delete("/v1.0/todo/users/:unionId/tasks/:taskId", dingtalkApi(frame, `${tasks}/{taskId}`, api, deleteTodoHandler(state)));

  router.post(
    "/v1.0/gateway/connections/open",
    dingtalkApi(frame, "/v1.0/gateway/connections/open", { host: "api", auth: false }, ({ body, headers }) => {
      const req = openSchema.safeParse(body);
      if (!req.success || !req.data.clientId || !req.data.clientSecret) return apiError(400, "MissingParameter", "clientId 和 clientSecret 必填");
      if (req.data.clientId !== app.appKey || req.data.clientSecret !== app.appSecret) {
        return apiError(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
      }
      const subscriptions = req.data.subscriptions ?? [];
      if (subscriptions.some((s) => s.type === "EVENT" && s.topic !== "*")) return apiError(400, "param.invalid", "EVENT subscriptions take topic *");
      const host = typeof headers.host === "string" ? headers.host : "127.0.0.1";
      return ok({ endpoint: `ws://${host}${STREAM_CONNECT_PATH}`, ticket: gateway.issueTicket(subscriptions) });
    }),
  );

  return {
    platform: "dingtalk",
    router,
    calls,
    inbox: (userId) => state.inbox(userId).map((card) => dingtalkCardView(card, userId)),
    todos: (userId) => {
      const unionId = state.memberByUserId(userId)?.dingtalkUnionId;
      return unionId === undefined ? [] : state.todosOf(unionId).map((t) => todoView(t, unionId));
    },
    click: (input) => clickCard(app, deps, state, gateway, input),
    clickAs: (input) => clickCard(app, deps, state, gateway, input),
    loginCode: (userId) => state.issueLoginCode(userId),
    expireTokens: () => state.expireTokens(),
    attachStreamGateway: (server) => gateway.attach(server),
    pushEvent: (eventType, data) => pushEvent(app, deps, gateway, eventType, data),
    verifyCallbackUrl: () => verifyCallbackUrl(app, deps),
    stream: {
      connections: () => gateway.connections(),
      waitForAccepted: (count) => gateway.waitForAccepted(count),
      waitForIdle: () => gateway.waitForIdle(),
      acks: gateway.acks,
      ping: () => gateway.ping(),
      disconnect: (reason, closeAfterMs) => gateway.disconnect(reason, closeAfterMs),
      drop: () => gateway.drop(),
    },
    callbackRoutes: () => Object.fromEntries([...state.routes].map(([key, route]) => [key, route.url])),
    quota: {
      set: (monthlyCalls) => {
        quota.monthlyCalls = monthlyCalls;
      },
      used: () => quota.usedThisMonth(deps.clock.now()),
    },
  };
}
