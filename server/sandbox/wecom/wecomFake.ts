// The sandbox WeCom: the real API paths (without the /sandbox/wecom prefix) with WeCom's request and
// response shapes and error codes, a corp made of the demo staff, and a client side (inbox, clicks,
// login codes) for the /sandbox page and the tests. Production code cannot tell it from WeCom except
// by WECOM_API_BASE.
import Router from "@koa/router";
import { z } from "zod";
import { SANDBOX_WECOM, type SandboxCall, type SandboxFake, type SandboxFakeDeps } from "../sandboxTypes";
import { wecomApi, wecomJson, type ApiFrame } from "./wecomFakeApi";
import { clickCard, verifyCallbackUrl, type UrlVerification } from "./wecomFakeCallbacks";
import { wecomCardView } from "./wecomCardView";
import { sendHandler, updateHandler } from "./wecomFakeMessages";
import { TICKET_LIFETIME_SEC, TOKEN_LIFETIME_SEC, WecomFakeState, randomId, type WecomDroppedDelivery } from "./wecomFakeState";

export type { WecomDroppedDelivery } from "./wecomFakeState";

/** The sandbox WeCom, with what only WeCom has: silent drops and the callback URL check. */
export interface WecomFake extends SandboxFake {
  readonly platform: "wecom";
  /** Deliveries answered errcode 0 but never shown: the member got >30/min or >1000/h from the app. */
  readonly dropped: WecomDroppedDelivery[];
  /** Performs WeCom's GET URL verification against the app and reports whether the echo matched. */
  verifyCallbackUrl(): Promise<UrlVerification>;
}

/** Test-only knobs; the sandbox page uses the defaults. */
export type WecomFakeOptions = {
  /** Pins the JS-SDK tickets handed out (tests check signatures against a known vector). */
  tickets?: { jsapi?: string; agentConfig?: string };
};

const STATE = /^[a-zA-Z0-9]{0,128}$/;

const authorizeSchema = z.object({
  appid: z.string(),
  redirect_uri: z.url({ protocol: /^https?$/ }),
  response_type: z.literal("code"),
  scope: z.enum(["snsapi_base", "snsapi_privateinfo"]),
  state: z.string().regex(STATE).optional(),
  agentid: z.string().optional(),
  userid: z.string().min(1),
});

/** The fake WeCom app of the sandbox (credentials SANDBOX_WECOM). */
export function createWecomFake(deps: SandboxFakeDeps, options: WecomFakeOptions = {}): WecomFake {
  const app = { ...SANDBOX_WECOM };
  const state = new WecomFakeState(deps.clock, deps.directory);
  const calls: SandboxCall[] = [];
  const frame: ApiFrame = { deps, state, calls };
  const ticket = (pinned: string | undefined) => () =>
    wecomJson(0, "ok", { ticket: pinned ?? `sandbox-ticket-${randomId(24)}`, expires_in: TICKET_LIFETIME_SEC });

  const router = new Router();

  router.get(
    "/cgi-bin/gettoken",
    wecomApi(frame, "/cgi-bin/gettoken", false, ({ query }) => {
      if (!query.corpid) return wecomJson(41002, "corpid missing");
      if (query.corpid !== app.corpId) return wecomJson(40013, "invalid corpid");
      if (!query.corpsecret) return wecomJson(41004, "corpsecret missing");
      if (query.corpsecret !== app.secret) return wecomJson(40001, "invalid credential");
      return wecomJson(0, "ok", { access_token: state.issueToken(), expires_in: TOKEN_LIFETIME_SEC });
    }),
  );

  router.post("/cgi-bin/message/send", wecomApi(frame, "/cgi-bin/message/send", true, sendHandler(app, state)));
  router.post(
    "/cgi-bin/message/update_template_card",
    wecomApi(frame, "/cgi-bin/message/update_template_card", true, updateHandler(app, state)),
  );

  router.get(
    "/cgi-bin/auth/getuserinfo",
    wecomApi(frame, "/cgi-bin/auth/getuserinfo", true, ({ query }) => {
      if (!query.code) return wecomJson(41008, "missing code");
      const userId = state.takeLoginCode(query.code);
      if (userId === undefined) return wecomJson(40029, "invalid code");
      const member = state.member(userId);
      // Someone outside the corp (or gone since) is answered with an openid only, as WeCom does.
      return member === undefined
        ? wecomJson(0, "ok", { openid: `sandbox-openid-${randomId(12)}` })
        : wecomJson(0, "ok", { userid: member });
    }),
  );

  router.get("/cgi-bin/get_jsapi_ticket", wecomApi(frame, "/cgi-bin/get_jsapi_ticket", true, ticket(options.tickets?.jsapi)));
  const agentTicket = ticket(options.tickets?.agentConfig);
  router.get(
    "/cgi-bin/ticket/get",
    wecomApi(frame, "/cgi-bin/ticket/get", true, (input) =>
      input.query.type === "agent_config" ? agentTicket() : wecomJson(91040, "invalid ticket type"),
    ),
  );

  // Stand-in for open.weixin.qq.com's OAuth page: `userid` says who is "in the client".
  router.get(
    "/connect/oauth2/authorize",
    wecomApi(frame, "/connect/oauth2/authorize", false, ({ query }) => {
      const parsed = authorizeSchema.safeParse(query);
      if (!parsed.success) return { status: 400, text: `参数错误：${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}` };
      const req = parsed.data;
      if (req.appid !== app.corpId) return { status: 400, text: "appid 不是本企业的 CorpID" };
      if (req.scope === "snsapi_privateinfo" && req.agentid !== app.agentId) return { status: 400, text: "agentid 不正确" };
      const member = state.member(req.userid);
      if (member === undefined) return { status: 403, text: "该成员不在企业通讯录中" };
      const target = new URL(req.redirect_uri);
      target.searchParams.set("code", state.issueLoginCode(member));
      target.searchParams.set("state", req.state ?? "");
      return { redirect: target.toString() };
    }),
  );

  return {
    platform: "wecom",
    router,
    calls,
    dropped: state.dropped,
    inbox: (userId) => state.inbox(userId).map(wecomCardView),
    todos: () => [],
    click: (input) => clickCard(app, deps, state, input),
    loginCode: (userId) => state.issueLoginCode(userId),
    expireTokens: () => state.expireTokens(),
    verifyCallbackUrl: () => verifyCallbackUrl(app, deps),
  };
}
