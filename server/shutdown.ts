// Graceful stop on SIGTERM: stop accepting connections, let requests in flight finish, then close the
// database. A second signal, or a hung request past the grace period, exits at once.
import type { Server } from "node:http";
import type { AppDatabase } from "./db/client";
import type { Logger } from "./logger";

export function gracefulShutdown(opts: {
  server: Server;
  database: AppDatabase;
  logger: Logger;
  graceMs?: number;
  onStopped?: () => void;
}): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    if (stopping) return stopping;
    opts.logger.info("shutting down: no new requests, finishing those in flight");
    stopping = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        opts.logger.warn("grace period over: closing remaining connections");
        opts.server.closeAllConnections();
      }, opts.graceMs ?? 10_000);
      timer.unref();
      opts.server.close(() => {
        clearTimeout(timer);
        opts.database.close();
        opts.logger.info("stopped: database closed");
        opts.onStopped?.();
        resolve();
      });
      opts.server.closeIdleConnections();
    });
    return stopping;
  };
}
