// Turns route declarations into a Koa router: checks the login, parses params, query and body with their
// zod schemas (once, here: a bad request is a 400 naming the field before any domain code runs), builds the domain context and presents the handler's result as JSON.
import Router from "@koa/router";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import type { Ctx } from "../core/context";
import { parseInput } from "../core/input";
import { ServiceError } from "../core/errors";
import { requirePermission } from "../domain/access/permissions";
import type { RouteDef } from "./route";

export type RouteDeps = { db: Db; clock: Clock; tz: string };

export function mountRoutes(routes: RouteDef[], deps: RouteDeps): Router {
  const router = new Router();
  for (const def of routes) {
    router[def.method](def.path, async (koa) => {
      const actor = koa.state.actor;
      if (def.auth !== "public" && !actor) throw new ServiceError("UNAUTHENTICATED", koa.state.authError ?? "请先登录");
      const ctx: Ctx = {
        db: deps.db,
        clock: deps.clock,
        tz: deps.tz,
        actor: actor ?? { kind: "system", name: "anonymous" },
        requestId: koa.state.requestId,
      };
      const params = def.params ? parseInput(def.params, koa.params) : {};
      const query = def.query ? parseInput(def.query, koa.query) : {};
      if (def.permission) requirePermission(ctx.actor, def.permission);
      const body = def.body ? parseInput(def.body, koa.request.body ?? {}) : {};
      const result = await def.handler({ ctx, params, query, body, koa });
      koa.status = def.status ?? 200;
      if (result !== undefined) koa.body = result;
      else if (koa.status === 200) koa.status = 204;
    });
  }
  return router;
}
