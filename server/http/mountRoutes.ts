// Turns route declarations into a Koa router: checks the login, parses params, query and body with their
// zod schemas (once, here: a bad request is a 400 naming the field before any domain code runs), builds the domain context and presents the handler's result as JSON.
import Router from "@koa/router";
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import type { Ctx } from "../core/context";
import { parseInput } from "../core/input";
import { ServiceError, validationError } from "../core/errors";
import type Koa from "koa";
import type { z } from "zod";
import { isJsonType, notJson } from "./middleware/jsonBody";
import { requirePermission } from "../domain/access/permissions";
import type { RouteDef } from "./route";

export type RouteDeps = { db: Db; clock: Clock; tz: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const bodyError = (message: string) => validationError([{ path: "(body)", message }], message);

/**
 * The body of a route that takes one: JSON (415 otherwise, even when empty), an object (400 for none,
 * `null`, a list or a bare value), valid for the route's schema; a PATCH must set something.
 */
function parseBody(def: RouteDef, koa: Koa.Context): unknown {
  if (!isJsonType(koa.get("content-type"))) throw notJson();
  const raw: unknown = koa.request.body;
  if (!isObject(raw)) throw bodyError(raw === undefined ? "缺少请求体（JSON 对象）" : "请求体应为 JSON 对象");
  const body = parseInput(def.body as z.ZodType, raw);
  // Known fields the caller sent (a schema default the caller did not send sets nothing).
  const sets = isObject(body) && Object.keys(raw).some((k) => k !== "version" && body[k] !== undefined);
  if (def.method === "patch" && !sets) {
    throw bodyError("没有要修改的内容：请求体里没有可修改的字段");
  }
  return body;
}

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
      const body = def.body ? parseBody(def, koa) : {};
      const result = await def.handler({ ctx, params, query, body, koa });
      koa.status = def.status ?? 200;
      if (result !== undefined) koa.body = result;
      else if (koa.status === 200) koa.status = 204;
    });
  }
  return router;
}
