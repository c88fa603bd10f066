// What the middleware puts on each Koa request, typed once for the whole server.
import type { Actor } from "../domain/context";
import type { Logger } from "../logger";

declare module "koa" {
  interface DefaultState {
    requestId: string;
    log: Logger;
    actor: Actor | undefined;
  }
  interface Request {
    body?: unknown;
  }
}

export {};
