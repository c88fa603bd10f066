// GET|POST /callbacks/wecom and POST /callbacks/dingtalk: the platforms' webhooks. Each request is
// verified and decoded by the platform's receiver, its events are written down under their event
// keys, and it is acknowledged once they are; the work happens after the answer (InboundProcessor).
// Forged, stale or malformed requests are refused with a 4xx and a log line, never a 500.
//
// These are the busiest requests the server takes (a class of 2,000 clicking a card at once) and
// carry a platform deadline, and they need nothing of the Koa stack: no session, no JSON body, no
// route table. So they are answered ahead of Koa, on Node's own request and response, which costs a
// fraction of a pass through the middleware (measured: scripts/bench/callbacks.ts). What the stack
// gives every request is kept: the request id (X-Request-Id, the caller's when sane), one summary
// log line per request, and an unexpected error logged and answered as the API's bare 500.
// Any other method or path under /callbacks/ goes on to Koa (and its 404).
import { IncomingMessage, ServerResponse } from "node:http";
import { unescape } from "node:querystring";
import type Koa from "koa";
import type { Clock } from "../../core/clock";
import type { Db } from "../../db/client";
import type { InboundProcessor } from "../../inbound/inboundProcessor";
import { createInboundRecorder, type InboundRecorder } from "../../inbound/recordInboundEvents";
import type { Logger } from "../../core/logger";
import { CallbackRefused } from "../../platforms/callbackCrypto";
import type { CallbackReply, CallbackRequest, Platforms } from "../../platforms/types";
import { PLATFORM_LABELS, type PlatformName } from "../../../shared/platformNames";
import { requestIdFrom } from "../middleware/requestId";

/** Platform callbacks are small (an encrypted event or a card click); anything bigger is refused. */
export const CALLBACK_BODY_LIMIT = 64 * 1024;

export type CallbackDeps = { db: Db; clock: Clock; logger: Logger; platforms: Platforms; inbound: InboundProcessor };

/** Answers a request that is a platform callback and returns true; returns false for any other request. */
export type CallbackHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Makes `app.callback()` (what a Node server is given) answer the platform callbacks itself and pass
 * every other request to Koa. Tests and main.ts serve the app through `app.callback()`, so both get it.
 */
export function answerPlatformCallbacksFirst(app: Koa, deps: CallbackDeps): void {
  const answer = platformCallbackHandler(deps);
  const koaCallback = app.callback.bind(app);
  app.callback = () => {
    const rest = koaCallback();
    return (req, res) => {
      if (req instanceof IncomingMessage && res instanceof ServerResponse && answer(req, res)) return Promise.resolve();
      return rest(req, res);
    };
  };
}

/** The route: which platform a method and path are the webhook of. */
function routeOf(method: string | undefined, path: string): PlatformName | undefined {
  if (path === "/callbacks/wecom") return method === "POST" || method === "GET" ? "wecom" : undefined;
  if (path === "/callbacks/dingtalk") return method === "POST" ? "dingtalk" : undefined;
  return undefined;
}

const PREFIX = "/callbacks/";

export function platformCallbackHandler(deps: CallbackDeps): CallbackHandler {
  // Requests arriving together share one commit; each is answered once its events are written.
  const recorder = createInboundRecorder(deps.db, deps.clock);
  return (req, res) => {
    const url = req.url ?? "";
    if (!url.startsWith(PREFIX)) return false;
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const platform = routeOf(req.method, path);
    if (!platform) return false;
    void serve(deps, recorder, platform, req, res, path, q < 0 ? "" : url.slice(q + 1));
    return true;
  };
}

async function serve(
  deps: CallbackDeps,
  recorder: InboundRecorder,
  platform: PlatformName,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: string,
): Promise<void> {
  const started = performance.now();
  const reqId = requestIdFrom(req.headers["x-request-id"]);
  let reply: CallbackReply;
  try {
    reply = await open(deps, recorder, platform, req, search, reqId);
  } catch (err) {
    if (err instanceof CallbackRefused) {
      deps.logger.warn({ reqId, platform, reason: err.reason, detail: err.message, ip: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"] }, "callback refused");
      reply = { status: err.reason === "bad_envelope" || err.reason === "bad_ciphertext" ? 400 : 401, contentType: "text/plain", body: `refused: ${err.reason}` };
    } else {
      // As the API's error middleware: logged with the request id, answered as a bare 500.
      deps.logger.error({ err, reqId }, "unhandled error");
      reply = { status: 500, contentType: "application/json", body: INTERNAL_ERROR };
    }
  }
  send(res, reply, reqId);
  deps.logger.info({ reqId, method: req.method, path, status: reply.status, ms: Math.round(performance.now() - started) }, "request");
}

const INTERNAL_ERROR = JSON.stringify({ error: { code: "INTERNAL", message: "服务器内部错误，请稍后重试" } });

/** Verifies and records one callback; resolves with the acknowledgement once its events are written down. */
async function open(deps: CallbackDeps, recorder: InboundRecorder, platform: PlatformName, req: IncomingMessage, search: string, reqId: string): Promise<CallbackReply> {
  const receiver = deps.platforms[platform]?.receiver;
  if (!receiver) {
    req.resume();
    return { status: 404, contentType: "text/plain", body: `${PLATFORM_LABELS[platform]}回调未启用` };
  }
  const method = req.method === "GET" ? "GET" : "POST";
  const request: CallbackRequest = {
    method,
    query: parseQuery(search),
    headers: headersOf(req),
    body: method === "GET" ? "" : await readBody(req),
  };
  if (method === "GET") req.resume();
  const opened = receiver.open(request, deps.clock.now());
  const added = await recorder.record(opened.events);
  if (added > 0) deps.inbound.wake();
  else if (opened.events.length > 0) deps.logger.info({ reqId, platform, keys: opened.events.map((e) => e.eventKey) }, "callback replayed: acknowledged, nothing done");
  return opened.reply;
}

/** Content types as Koa would send them (text and JSON in UTF-8). */
const CONTENT_TYPE: Record<CallbackReply["contentType"], string> = {
  "text/plain": "text/plain; charset=utf-8",
  "application/json": "application/json; charset=utf-8",
  "application/xml": "application/xml",
};

function send(res: ServerResponse, reply: CallbackReply, reqId: string): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, {
    "content-type": CONTENT_TYPE[reply.contentType],
    "content-length": Buffer.byteLength(reply.body),
    "x-request-id": reqId,
  });
  res.end(reply.body);
}

/**
 * The body as UTF-8 text, at most CALLBACK_BODY_LIMIT bytes. Too big, cut off or unreadable refuses
 * the envelope; the rest of a refused body is read and dropped, so the keep-alive connection stays
 * usable. (No named closures: on this path each would cost a `name` definition per request.)
 */
function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers["content-length"] ?? 0) > CALLBACK_BODY_LIMIT) {
    req.resume();
    return Promise.reject(unreadable("request entity too large"));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= CALLBACK_BODY_LIMIT) {
        chunks.push(chunk);
        return;
      }
      settled = true;
      reject(unreadable("request entity too large"));
    });
    req.once("end", () => {
      if (settled) return;
      settled = true;
      const [only] = chunks;
      resolve(chunks.length === 1 && only ? only.toString("utf8") : Buffer.concat(chunks, size).toString("utf8"));
    });
    req.once("error", (err: Error) => {
      if (settled) return;
      settled = true;
      reject(unreadable(err.message));
    });
    req.once("close", () => {
      if (settled) return;
      settled = true;
      reject(unreadable("connection closed before the body was complete"));
    });
  });
}

function unreadable(why: string): CallbackRefused {
  return new CallbackRefused("bad_envelope", `body not readable: ${why}`);
}

/** The query as the receivers take it: each name's first value, decoded like URLSearchParams (`+` is a space). */
function parseQuery(search: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  if (search === "") return out;
  for (const pair of search.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (Object.hasOwn(out, key)) continue;
    out[key] = eq < 0 ? "" : decode(pair.slice(eq + 1));
  }
  return out;
}

const decode = (text: string): string => (text.includes("%") || text.includes("+") ? unescape(text.replaceAll("+", " ")) : text);

/** Node gives header names in lower case; repeated headers that it keeps as a list are joined. */
function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const { headers } = req;
  for (const key in headers) {
    const value = headers[key];
    out[key] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

