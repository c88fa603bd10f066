// A logger writing its JSON lines into an array instead of stdout, for tests that read what was logged.
import { Writable } from "node:stream";
import { createLogger } from "../../server/core/logger";

export type LogLine = { level: number; msg: string; reqId?: string; service?: string; status?: number; path?: string; err?: { message: string }; [key: string]: unknown };

export function captureLogger() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, logger: createLogger("info", sink) };
}
