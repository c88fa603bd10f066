// With TRUST_PROXY=0 behind a reverse proxy every client has the proxy's address, so per-address limits
// are shared by the whole school. X-Forwarded-For on a request when no proxy is trusted is the sign:
// say so once in the log, with what to set (the header itself stays unbelieved: anyone can send it).
import type Koa from "koa";
import type { Logger } from "../../core/logger";

export function proxyWarning(trustProxy: number, logger: Logger): Koa.Middleware {
  let warned = trustProxy > 0;
  return async (koa, next) => {
    if (!warned && koa.get("x-forwarded-for") !== "") {
      warned = true;
      logger.warn(
        { socketAddress: koa.socket.remoteAddress, forwardedFor: koa.get("x-forwarded-for") },
        "a request carries X-Forwarded-For but TRUST_PROXY is 0: behind a reverse proxy set TRUST_PROXY to the number of proxies, or every client shares the proxy's address in rate limits",
      );
    }
    return next();
  };
}
