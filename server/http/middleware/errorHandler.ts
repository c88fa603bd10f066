// Maps every failure to the one error body { error: { code, message, details } } and its status.
// Unknown errors are logged and answered as a bare 500.
import type Koa from "koa";
import type { Clock } from "../../core/clock";
import { HTTP_STATUS, retryAfterSeconds, ServiceError } from "../../core/errors";


export function errorHandler(clock: Clock): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new ServiceError("NOT_FOUND", `没有这个地址：${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      if (err instanceof ServiceError) {
        ctx.status = HTTP_STATUS[err.code];
        const retryAt = err.details?.retryAt;
        if (err.code === "RATE_LIMITED" && typeof retryAt === "number") ctx.set("Retry-After", String(retryAfterSeconds(retryAt, clock.now())));
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
        return;
      }
      ctx.state.log?.error({ err }, "unhandled error");
      ctx.status = 500;
      ctx.body = { error: { code: "INTERNAL", message: "服务器内部错误，请稍后重试" } };
    }
  };
}
