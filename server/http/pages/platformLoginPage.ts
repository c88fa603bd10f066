// GET /auth/wecom/callback and /auth/dingtalk/callback: where a workbench login lands with its code
// (WeCom's OAuth redirect; the sandbox inbox's "open as" links for both). The landing is accepted only
// with the state of a round trip this browser started (/auth/wecom/start, or the sandbox standing in for
// a client): a link carrying someone else's code logs nobody in. A known staff member then gets a
// session and is sent on to `next`; anyone else sees a page saying who they are to us and whom to ask.
// The DingTalk client itself logs in with the JSON API (POST /api/v1/auth/dingtalk), never here.
import type Router from "@koa/router";
import type Koa from "koa";
import type { AppDeps } from "../appDeps";
import { HTTP_STATUS, retryAfterSeconds, ServiceError } from "../../core/errors";
import { systemActor, type Ctx } from "../../core/context";
import { beginLoginState, takeLoginState } from "../../core/loginState";
import type { PlatformName } from "../../../shared/platformNames";
import { loginWithCode, unknownAccountMessage } from "../platformLogin";
import { PLATFORM_LABELS } from "../../../shared/platformNames";
import { startSession } from "../sessionCookie";
import { escapeHtml } from "../../core/escapeHtml";

/** Who exchanges a code on the landing page: nobody is logged in yet. */
const LOGIN_ACTOR = systemActor("login");

/** Only same-site paths: an open redirect would let a link send a fresh session's owner anywhere. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?!\/)[^\\\s]*$/.test(next) ? next : "/";
}

function page(title: string, message: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#1f2329}main{max-width:480px;margin:15vh auto 0;padding:24px;background:#fff;border-radius:8px}h1{font-size:20px}p{line-height:1.7}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}

export function mountPlatformLoginPages(router: Router, deps: AppDeps): void {
  const land = (platform: PlatformName): Koa.Middleware => async (koa) => {
    koa.type = "html";
    koa.set("Cache-Control", "no-store");
    // The state before anything else: a landing this browser did not start is refused without looking
    // at the code (so an attacker's code is not even spent), and a replay finds the cookie gone.
    if (!takeLoginState(koa, deps.clock, koa.query.state)) {
      koa.status = 403;
      koa.body = page("登录已失效", `这个登录链接已失效或已经用过。请回到${PLATFORM_LABELS[platform]}工作台，重新打开学管。`);
      return;
    }
    const code = typeof koa.query.code === "string" ? koa.query.code : "";
    if (code === "") {
      koa.status = 400;
      koa.body = page("无法登录", `没有收到${PLATFORM_LABELS[platform]}的登录码，请从工作台重新打开学管。`);
      return;
    }
    const ctx: Ctx = { db: deps.database.db, clock: deps.clock, tz: deps.config.tzBusiness, actor: LOGIN_ACTOR, requestId: koa.state.requestId };
    try {
      const login = await loginWithCode({ ctx, platforms: deps.platforms, address: koa.ip }, platform, code);
      if (login.kind === "unknown") {
        koa.status = 403;
        koa.body = page("还没有开通学管", unknownAccountMessage(platform, login.userId));
        return;
      }
      startSession(koa, { db: deps.database.db, clock: deps.clock, publicBaseUrl: deps.config.publicBaseUrl }, login.staff.id, platform);
      koa.redirect(safeNext(koa.query.next));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      koa.status = HTTP_STATUS[err.code];
      const retryAt = err.details?.retryAt;
      if (err.code === "RATE_LIMITED" && typeof retryAt === "number") koa.set("Retry-After", String(retryAfterSeconds(retryAt, deps.clock.now())));
      koa.body = page("无法登录", err.message);
    }
  };
  // The mini-app opened in WeCom without a session: off to WeCom's OAuth page, which comes back to
  // the callback above with a code (snsapi_base: no consent screen) and the state set here.
  router.get("/auth/wecom/start", (koa) => {
    const adapter = deps.platforms.wecom;
    koa.type = "html";
    if (!adapter?.loginRedirect) {
      koa.status = 404;
      koa.body = page("无法登录", "企业微信未启用，请联系管理员。");
      return;
    }
    const back = `${deps.config.publicBaseUrl}/auth/wecom/callback?next=${encodeURIComponent(safeNext(koa.query.next))}`;
    koa.set("Cache-Control", "no-store");
    koa.redirect(adapter.loginRedirect(back, beginLoginState(koa, deps.clock)));
  });
  router.get("/auth/wecom/callback", land("wecom"));
  router.get("/auth/dingtalk/callback", land("dingtalk"));
}
