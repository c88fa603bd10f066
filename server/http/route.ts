// One way to declare an HTTP route: method, path, docs, the zod schemas of its params, query and body,
// and a thin handler. The same declaration mounts the route and describes it in the OpenAPI document.
import type Koa from "koa";
import type { z } from "zod";
import type { Ctx } from "../core/context";
import type { Permission } from "../../shared/permissions";

export type Method = "get" | "post" | "patch" | "put" | "delete";

type AnyObject = z.ZodObject;

export type HandlerArgs<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> = {
  ctx: Ctx;
  params: z.output<P>;
  query: z.output<Q>;
  /** The JSON body parsed by the route's schema (the verb's own, imported from beside the verb). */
  body: z.output<B>;
  koa: Koa.Context;
};

export type RouteDef<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType> = {
  method: Method;
  /** Koa-style path, e.g. `/api/v1/students/:id`. */
  path: string;
  tag: string;
  summary: string;
  /** `public` routes need no login; every other route answers 401 without one. */
  auth?: "public" | "required";
  /**
   * A permission the whole route needs, checked before the body is parsed (401 → 403 → 400), so a
   * caller who may not act learns nothing from the validation. The verb checks it again for its
   * other callers (jobs, card clicks).
   */
  permission?: Permission;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status (200 unless said; 201 for creates). */
  status?: number;
  handler: (args: HandlerArgs<P, Q, B>) => unknown;
};

/** Declares a route; the generic parameters flow from the schemas into the handler's arguments. */
export function route<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
  def: RouteDef<P, Q, B>,
): RouteDef {
  return def as unknown as RouteDef;
}
