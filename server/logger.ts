// Structured JSON logs. Each request gets a child logger carrying its request id.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "xueguan" }, timestamp: pino.stdTimeFunctions.isoTime });
}
