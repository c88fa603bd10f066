// GET|POST /callbacks/wecom and POST /callbacks/dingtalk: the platforms' webhooks. Each request is
// verified and decoded by the platform's receiver, its events are written down under their event
// keys, and it is acknowledged at once; the work happens after the answer (InboundProcessor).
// Forged, stale or malformed requests are refused with a 4xx and a log line, never a 500.
import type Router from "@koa/router";
import type Koa from "koa";
import getRawBody from "raw-body";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import type { InboundProcessor } from "../../inbound/inboundProcessor";
import { createInboundRecorder } from "../../inbound/recordInboundEvents";
import type { Logger } from "../../logger";
import { CallbackRefused } from "../../platforms/callbackCrypto";
import type { CallbackRequest, PlatformName, Platforms } from "../../platforms/types";

/** Platform callbacks are small (an encrypted event or a card click); anything bigger is refused. */
export const CALLBACK_BODY_LIMIT = 64 * 1024;

export type CallbackDeps = { db: Db; clock: Clock; logger: Logger; platforms: Platforms; inbound: InboundProcessor };

export function mountPlatformCallbacks(router: Router, deps: CallbackDeps): void {
  // Requests arriving together share one commit; each is answered once its events are written.
  const recorder = createInboundRecorder(deps.db, deps.clock);
  const handle = (platform: PlatformName): Koa.Middleware => async (koa) => {
    const receiver = deps.platforms[platform]?.receiver;
    if (!receiver) {
      koa.status = 404;
      koa.body = `${platform === "wecom" ? "企业微信" : "钉钉"}回调未启用`;
      return;
    }
    try {
      const request: CallbackRequest = {
        method: koa.method === "GET" ? "GET" : "POST",
        query: flatQuery(koa.query),
        headers: lowerHeaders(koa.headers),
        body: koa.method === "GET" ? "" : await bodyText(koa),
      };
      const opened = receiver.open(request, deps.clock.now());
      const added = await recorder.record(opened.events);
      if (added > 0) deps.inbound.wake();
      else if (opened.events.length > 0) deps.logger.info({ platform, keys: opened.events.map((e) => e.eventKey) }, "callback replayed: acknowledged, nothing done");
      koa.status = opened.reply.status;
      koa.type = opened.reply.contentType;
      koa.body = opened.reply.body;
    } catch (err) {
      if (!(err instanceof CallbackRefused)) throw err;
      deps.logger.warn({ platform, reason: err.reason, detail: err.message, ip: koa.ip }, "callback refused");
      koa.status = err.reason === "bad_envelope" || err.reason === "bad_ciphertext" ? 400 : 401;
      koa.type = "text/plain";
      koa.body = `refused: ${err.reason}`;
    }
  };
  router.get("/callbacks/wecom", handle("wecom"));
  router.post("/callbacks/wecom", handle("wecom"));
  router.post("/callbacks/dingtalk", handle("dingtalk"));
}

/** The raw body text; the JSON middleware has already parsed JSON bodies, which are re-serialised as sent. */
async function bodyText(koa: Koa.Context): Promise<string> {
  const parsed: unknown = koa.request.body;
  if (koa.is("application/json")) return JSON.stringify(parsed ?? {});
  try {
    return await getRawBody(koa.req, { limit: CALLBACK_BODY_LIMIT, encoding: "utf8" });
  } catch (err) {
    koa.req.resume();
    throw new CallbackRefused("bad_envelope", `body not readable: ${(err as Error).message}`);
  }
}

function flatQuery(query: Koa.Context["query"]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query)) out[key] = Array.isArray(value) ? value[0] : value;
  return out;
}

function lowerHeaders(headers: Koa.Context["headers"]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  return out;
}
