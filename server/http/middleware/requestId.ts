// Gives every request an id (the caller's X-Request-Id when sane), a child logger carrying it, and one
// summary log line when the response is done.
import { randomUUID } from "node:crypto";
import type Koa from "koa";
import type { Logger } from "../../core/logger";

const SANE_ID = /^[\w.-]{1,64}$/;

/** The caller's X-Request-Id when sane (letters, digits, `_.-`, at most 64), else a new UUID. Shared with the callback endpoints, which answer ahead of Koa. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === "string" && SANE_ID.test(given) ? given : randomUUID();
}

export function requestId(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const id = requestIdFrom(ctx.get("x-request-id"));
    ctx.state.requestId = id;
    // The child logger is made on first use: most requests only write the summary line below, and a
    // child per request is a measurable cost on the busiest paths (platform callbacks, check-in).
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, "log", {
      configurable: true,
      enumerable: true,
      get: () => (child ??= logger.child({ reqId: id })),
    });
    ctx.set("X-Request-Id", id);
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info(
        { reqId: id, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
        "request",
      );
    }
  };
}
