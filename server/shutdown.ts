// Graceful stop on SIGTERM: stop accepting connections, let requests in flight finish, then close the
// database. A second signal joins the same stop; a request still running after the grace period is cut.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AppDatabase } from "./db/client";
import type { Logger } from "./core/logger";

/** How often idle keep-alive connections are closed while stopping (a client may hold one open). */
const IDLE_SWEEP_MS = 100;

/**
 * Returns the stop function (for SIGTERM and SIGINT); call it before `listen` so that every request is
 * tracked. Keep-alive matters here: `server.close()` only stops new connections and waits for the open
 * ones, which a client may keep open for seconds after its last response. So responses still being
 * written are sent with `Connection: close`, and idle connections are closed until none is left.
 */
export function gracefulShutdown(opts: {
  server: Server;
  database: AppDatabase;
  logger: Logger;
  graceMs?: number;
  /** Runs after the last request finished and before the database closes (outbox, platform connections). */
  beforeClose?: () => Promise<void>;
  onStopped?: () => void;
}): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let stopping: Promise<void> | undefined;
  const closeAfterResponse = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
  };
  opts.server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) closeAfterResponse(res);
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
  });

  return () => {
    if (stopping) return stopping;
    opts.logger.info({ inFlight: inFlight.size }, "shutting down: no new requests, finishing those in flight");
    stopping = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        opts.logger.warn({ inFlight: inFlight.size }, "grace period over: closing remaining connections");
        opts.server.closeAllConnections();
      }, opts.graceMs ?? 10_000);
      timer.unref();
      const sweep = setInterval(() => opts.server.closeIdleConnections(), IDLE_SWEEP_MS);
      sweep.unref();
      opts.server.close(() => {
        clearTimeout(timer);
        clearInterval(sweep);
        const finish = () => {
          opts.database.close();
          opts.logger.info("stopped: database closed");
          opts.onStopped?.();
          resolve();
        };
        (opts.beforeClose?.() ?? Promise.resolve()).then(finish, (err: unknown) => {
          opts.logger.error({ err }, "stopping the platform runtime failed");
          finish();
        });
      });
      for (const res of inFlight) closeAfterResponse(res);
      opts.server.closeIdleConnections();
    });
    return stopping;
  };
}
