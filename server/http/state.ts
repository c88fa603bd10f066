// What the middleware puts on each Koa request, typed once for the whole server.
import type { Actor } from "../core/context";
import type { Logger } from "../core/logger";

declare module "koa" {
  interface DefaultState {
    requestId: string;
    log: Logger;
    actor: Actor | undefined;
    /** Why the credentials sent were refused (a route that needs a login answers 401 with it). */
    authError: string | undefined;
  }
  interface Request {
    body?: unknown;
  }
}

export {};
