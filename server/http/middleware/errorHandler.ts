// Maps every failure to the one error body { error: { code, message, details } } and its status:
// ServiceErrors, the router's 404/405/501, and the errors Koa and its helpers throw with a status
// (a malformed URL, a bad cookie). Unknown errors are logged and answered as a bare 500.
import type Koa from "koa";
import type { Clock } from "../../core/clock";
import { HTTP_STATUS, retryAfterSeconds, ServiceError, type ErrorCode } from "../../core/errors";

/** The code of a status Koa or a library chose (http-errors), for the JSON body. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: "VALIDATION",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  431: "HEADERS_TOO_LARGE",
  501: "METHOD_NOT_ALLOWED",
};

/** What the router left unanswered, as an error to answer in the JSON shape. */
function unanswered(ctx: Koa.Context): ServiceError | undefined {
  if (ctx.body !== undefined && ctx.body !== null && ctx.body !== "") return undefined;
  if (ctx.status === 404) return new ServiceError("NOT_FOUND", `没有这个地址：${ctx.method} ${ctx.path}`);
  if (ctx.status === 405 || ctx.status === 501) {
    const allow = ctx.response.get("Allow");
    return new ServiceError("METHOD_NOT_ALLOWED", `${ctx.path} 不支持 ${ctx.method}${allow ? `，可用：${allow}` : ""}`, { allow });
  }
  return undefined;
}

/** An error Koa or a library threw with an HTTP status (http-errors style), as a ServiceError. */
function fromHttpError(err: unknown): ServiceError | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== "number" || status < 400 || status >= 500) return undefined;
  const code = CODE_OF_STATUS[status] ?? "VALIDATION";
  return new ServiceError(code, status === 400 ? "请求格式有误" : `请求被拒绝（${status}）`);
}

export function errorHandler(clock: Clock): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      const err = unanswered(ctx);
      if (err) throw err;
    } catch (caught) {
      const err = caught instanceof ServiceError ? caught : fromHttpError(caught);
      if (err) {
        ctx.status = HTTP_STATUS[err.code];
        const retryAt = err.details?.retryAt;
        if (err.code === "RATE_LIMITED" && typeof retryAt === "number") ctx.set("Retry-After", String(retryAfterSeconds(retryAt, clock.now())));
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
        return;
      }
      ctx.state.log?.error({ err: caught }, "unhandled error");
      ctx.status = 500;
      ctx.body = { error: { code: "INTERNAL", message: "服务器内部错误，请稍后重试" } };
    }
  };
}
