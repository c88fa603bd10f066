// Finds who is calling: a bearer token (API token or ADMIN_API_TOKEN) or the signed session cookie.
// It only identifies (a bad token is remembered, not refused, so public routes still answer); each route
// says whether a login is required and each domain verb what is allowed.
import type Koa from "koa";
import type { Clock } from "../../core/clock";
import type { Db } from "../../db/client";
import { resolveApiToken, TOKEN_INVALID } from "../../domain/access/resolveApiToken";
import { resolveSession } from "../../domain/access/sessions";

export const SESSION_COOKIE = "xg_session";

/** Platform webhooks: signed by the platform, never sent with a token or a session, so not looked up. */
const PLATFORM_CALLBACKS = "/callbacks/";

export function authenticate(deps: { db: Db; clock: Clock; adminApiToken: string | undefined }): Koa.Middleware {
  return async (ctx, next) => {
    ctx.state.actor = undefined;
    ctx.state.authError = undefined;
    if (ctx.path.startsWith(PLATFORM_CALLBACKS)) return next();
    const header = ctx.get("authorization");
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const resolved = match?.[1] ? resolveApiToken(deps.db, deps.clock, match[1], deps.adminApiToken) : undefined;
      ctx.state.actor = resolved?.actor;
      if (!resolved?.actor) ctx.state.authError = resolved?.refusal ?? TOKEN_INVALID;
      return next();
    }
    const token = ctx.cookies.get(SESSION_COOKIE, { signed: true });
    if (token) ctx.state.actor = resolveSession(deps.db, deps.clock, token);
    return next();
  };
}
