// Structured JSON logs. Each request gets a child logger carrying its request id (see
// http/middleware/requestId.ts), so every line written while serving a request can be found by it.
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Writes to stdout unless a destination is given (tests pass a stream to capture the lines). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: "xueguan" }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
