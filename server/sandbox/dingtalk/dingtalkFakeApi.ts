// The frame around every fake DingTalk API: injected faults first (slow, 5xx, throttling, dropped
// connection), then the rate limit (20 calls/s per API, throttled calls not counted), then the access
// token, then the handler; every answered call is recorded. Answers use the real shapes: the new API
// (api.dingtalk.com) errs with HTTP 4xx/5xx `{code, message, requestid}`, the legacy oapi with HTTP
// 200 `{errcode, errmsg, sub_code?}` (docs/platforms/dingtalk.md §5).
import type { RouterContext } from "@koa/router";
import { flatQuery, readFakeBody } from "../fakeRequest";
import { recordCall } from "../sandboxCalls";
import type { SandboxCall, SandboxFakeDeps } from "../sandboxTypes";
import { randomHex, type DingtalkFakeState } from "./dingtalkFakeState";
import type { DingtalkFakeQuota } from "./dingtalkFakeQuota";

/** What a handler answers: JSON with a status, or a non-JSON page. */
export type FakeAnswer = { status: number; json: Record<string, unknown> } | { status: number; text: string; contentType: string };

/** What a handler gets: query, parsed JSON body (POST/PUT), route params and the sandbox time. */
export type ApiInput = {
  query: Record<string, string>;
  body: unknown;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  now: number;
};
export type ApiHandler = (input: ApiInput) => FakeAnswer | Promise<FakeAnswer>;

/** `api`: the new API (token in x-acs-dingtalk-access-token); `oapi`: legacy (token in ?access_token). */
export type ApiHost = "api" | "oapi";

/** A new-API success. */
export function ok(json: Record<string, unknown>): FakeAnswer {
  return { status: 200, json };
}

/** A new-API error: `message` defaults to the code, as the card and todo APIs answer. */
export function apiError(status: number, code: string, message: string = code): FakeAnswer {
  return { status, json: { code, message, requestid: randomHex(8).toUpperCase() } };
}

/** A legacy answer (errcode 0 = "ok"). */
export function oapiJson(errcode: number, errmsg: string, extra: Record<string, unknown> = {}): FakeAnswer {
  return { status: 200, json: { errcode, errmsg: errcode === 0 ? "ok" : errmsg, ...extra, request_id: randomHex(8) } };
}

function throttled(host: ApiHost): FakeAnswer {
  return host === "api"
    ? apiError(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "当前企业应用调用开放接口触发了QPS限流")
    : oapiJson(90018, "当前企业调用该接口超过每秒调用频率限制");
}

function refusedToken(host: ApiHost, state: "missing" | "invalid"): FakeAnswer {
  if (host === "api") {
    return state === "missing"
      ? apiError(400, "AuthenticationFailed.MissingParameter", "缺少参数 x-acs-dingtalk-access-token")
      : apiError(401, "InvalidAuthentication", "不合法的access_token");
  }
  return oapiJson(88, "不合法的access_token", { sub_code: state === "missing" ? "40000" : "40014", sub_msg: "不合法的access_token" });
}

/** The methods whose JSON body the API reads. */
const BODY_METHODS = ["POST", "PUT"];

/** What every API shares: the deps (faults, clock), the state, the call record and the monthly quota. */
export type ApiFrame = { deps: SandboxFakeDeps; state: DingtalkFakeState; calls: SandboxCall[]; quota: DingtalkFakeQuota };

/** The org's monthly API quota is spent (HTTP 403 like the other Forbidden.AccessDenied codes; legacy errcode 90020). */
function quotaSpent(host: ApiHost, message: string): FakeAnswer {
  return host === "api" ? apiError(403, "Forbidden.AccessDenied.ApiCountLimitForOrg", message) : oapiJson(90020, message);
}

function errorCodeOf(host: ApiHost, answer: FakeAnswer): string | undefined {
  if (!("json" in answer)) return answer.status >= 400 ? `http_${answer.status}` : undefined;
  if (host === "oapi") {
    const errcode = answer.json.errcode;
    if (typeof errcode !== "number" || errcode === 0) return undefined;
    const sub = answer.json.sub_code;
    return typeof sub === "string" ? `${errcode}:${sub}` : String(errcode);
  }
  return answer.status >= 400 && typeof answer.json.code === "string" ? answer.json.code : undefined;
}

/**
 * A router middleware for one API. `api` is the real path template (what faults match and calls
 * record, e.g. "/v1.0/todo/users/{unionId}/tasks"); `auth` APIs need a live access token.
 */
export function dingtalkApi(frame: ApiFrame, api: string, opts: { host: ApiHost; auth: boolean }, handler: ApiHandler) {
  return async (ctx: RouterContext): Promise<void> => {
    const { deps, state, calls } = frame;
    const fault = deps.faults.take("dingtalk", api);
    if (fault?.kind === "network") {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (fault?.kind === "slow" && fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const query = flatQuery(ctx.query);
    const read = await readFakeBody(ctx, BODY_METHODS);
    const hasBody = BODY_METHODS.includes(ctx.method);
    const request = hasBody ? (read.ok ? read.body : "(unreadable body)") : query;

    let answer: FakeAnswer;
    if (fault?.kind === "server_error") {
      answer =
        opts.host === "api"
          ? apiError(503, "system.busy", "系统繁忙")
          : { status: 502, contentType: "text/html", text: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
    } else if (fault?.kind === "rate_limit" || !state.admit(api)) {
      answer = throttled(opts.host);
    } else if (!read.ok) {
      answer = opts.host === "api" ? apiError(400, "param.invalid", "body is not JSON") : oapiJson(40035, "不合法的参数");
    } else {
      const token = opts.host === "api" ? ctx.get("x-acs-dingtalk-access-token") : query.access_token;
      const tokenState = opts.auth ? state.tokenState(token) : "ok";
      if (tokenState !== "ok") {
        answer = refusedToken(opts.host, tokenState);
      } else if (frame.quota.refuses(api, deps.clock.now())) {
        answer = quotaSpent(opts.host, frame.quota.message());
      } else {
        answer = await handler({ query, body: read.body, params: { ...ctx.params }, headers: ctx.headers, now: deps.clock.now() });
        if (answer.status < 400 && errorCodeOf(opts.host, answer) === undefined) frame.quota.count(api, deps.clock.now());
      }
    }

    ctx.status = answer.status;
    if ("json" in answer) {
      ctx.body = answer.json;
    } else {
      ctx.type = answer.contentType;
      ctx.body = answer.text;
    }
    const errorCode = errorCodeOf(opts.host, answer);
    recordCall(
      calls,
      {
        platform: "dingtalk",
        api,
        at: deps.clock.now(),
        request,
        status: answer.status,
        ...(errorCode === undefined ? {} : { errorCode }),
      },
      deps.maxCalls,
    );
  };
}
