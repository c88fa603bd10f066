// Gives every request an id (the caller's X-Request-Id when sane), a child logger carrying it, and one
// summary log line when the response is done.
import { randomUUID } from "node:crypto";
import type Koa from "koa";
import type { Logger } from "../../logger";

export function requestId(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const given = ctx.get("x-request-id");
    const id = /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
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
