// Audits every request made with an API token (recordApiCall), once it has been answered: mounted
// outside the error handler, so the status written is the one the caller got, errors included.
// One prepared insert per token request; session (person) requests are not touched.
import type Koa from "koa";
import type { Clock } from "../../core/clock";
import type { Db } from "../../db/client";
import { recordApiCall } from "../../domain/audit/recordApiCall";

/** What @koa/router leaves on the context: the matched route's pattern and its path parameters. */
type Routed = { _matchedRoute?: string | RegExp; params?: Record<string, string> };

export function apiCallAudit(deps: { db: Db; clock: Clock; tz: string }): Koa.Middleware {
  return async (koa, next) => {
    try {
      await next();
    } finally {
      const actor = koa.state.actor;
      if (actor?.kind === "token") {
        const routed = koa as Koa.Context & Routed;
        const route = typeof routed._matchedRoute === "string" ? routed._matchedRoute : koa.path;
        try {
          recordApiCall({
            ctx: { db: deps.db, clock: deps.clock, tz: deps.tz, actor, requestId: koa.state.requestId },
            input: { method: koa.method, route, params: routed.params ?? {}, status: koa.status },
          });
        } catch (err) {
          // the answer is already decided; a failed audit write is logged, not turned into an error
          koa.state.log?.error({ err }, "api call audit failed");
        }
      }
    }
  };
}
