// The frame around every fake WeCom API: injected faults first (slow, 503, 45009, dropped
// connection), then the access-token check, then the handler; every answered call is recorded.
// Answers are WeCom's: HTTP 200 with `{errcode, errmsg, …}`, errmsg in WeCom's wording plus its
// "more info" link.
import type { RouterContext } from "@koa/router";
import { flatQuery, readFakeBody } from "../fakeRequest";
import { recordCall } from "../sandboxCalls";
import type { SandboxCall, SandboxFakeDeps } from "../sandboxTypes";
import type { WecomFakeState } from "./wecomFakeState";

/** What a handler answers: WeCom JSON, a redirect (OAuth page), or a plain-text page. */
export type WecomAnswer =
  | { json: Record<string, unknown> & { errcode: number; errmsg: string } }
  | { redirect: string }
  | { status: number; text: string };

/** What a handler gets: the query, the parsed JSON body (POST) and the sandbox time. */
export type ApiInput = { query: Record<string, string>; body: unknown; now: number };
export type ApiHandler = (input: ApiInput) => WecomAnswer | Promise<WecomAnswer>;

/** The JSON WeCom answers for `errcode` (0 = "ok"). */
export function wecomJson(errcode: number, errmsg: string, extra: Record<string, unknown> = {}): WecomAnswer {
  const message =
    errcode === 0 ? "ok" : `${errmsg}, hint: [sandbox], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
  return { json: { errcode, errmsg: message, ...extra } };
}

/** The methods whose JSON body the API reads. */
const BODY_METHODS = ["POST"];

/** What every API shares: the deps (faults, clock), the state and the call record. */
export type ApiFrame = {
  deps: SandboxFakeDeps;
  state: WecomFakeState;
  calls: SandboxCall[];
};

/**
 * A router middleware for one API path. `auth` APIs need a live access_token (41001 missing,
 * 40014 unknown, 42001 expired); gettoken and the OAuth page do not.
 */
export function wecomApi(frame: ApiFrame, api: string, auth: boolean, handler: ApiHandler) {
  return async (ctx: RouterContext): Promise<void> => {
    const { deps, state, calls } = frame;
    const fault = deps.faults.take("wecom", api);
    if (fault?.kind === "network") {
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (fault?.kind === "slow" && fault.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }
    const query = flatQuery(ctx.query);
    const read = await readFakeBody(ctx, BODY_METHODS);
    const request = BODY_METHODS.includes(ctx.method) ? (read.ok ? read.body : "(unreadable body)") : query;
    const record = (status: number, errcode?: number) => {
      recordCall(
        calls,
        {
          platform: "wecom",
          api,
          at: deps.clock.now(),
          request,
          status,
          ...(errcode === undefined || errcode === 0 ? {} : { errorCode: String(errcode) }),
        },
        deps.maxCalls,
      );
    };

    if (fault?.kind === "server_error") {
      ctx.status = 503;
      ctx.type = "text/html";
      ctx.body = "<html><head><title>503 Service Temporarily Unavailable</title></head><body>503</body></html>";
      record(503);
      return;
    }
    let answer: WecomAnswer;
    if (fault?.kind === "rate_limit") {
      answer = wecomJson(45009, "api freq out of limit");
    } else if (!read.ok) {
      answer = wecomJson(40058, "invalid parameter: body is not JSON");
    } else {
      const tokenErr = auth ? state.tokenErrcode(query.access_token) : 0;
      answer =
        tokenErr === 0
          ? await handler({ query, body: read.body, now: deps.clock.now() })
          : wecomJson(tokenErr, tokenErr === 41001 ? "access_token missing" : tokenErr === 42001 ? "access_token expired" : "invalid access_token");
    }

    if ("json" in answer) {
      ctx.status = 200;
      ctx.body = answer.json;
      record(200, answer.json.errcode);
    } else if ("redirect" in answer) {
      ctx.redirect(answer.redirect);
      record(302);
    } else {
      ctx.status = answer.status;
      ctx.type = "text/plain";
      ctx.body = answer.text;
      record(answer.status);
    }
  };
}
