// The one way platform clients make an HTTP call: JSON in and out, a timeout, and network failures
// turned into transient PlatformErrors. Each client reads the platform's own error shape itself.
import { PlatformError } from "./platformError";
import type { PlatformName } from "../../shared/platformNames";

/** Well inside the outbox's patience and the platforms' own 3 s server timeout. */
export const PLATFORM_TIMEOUT_MS = 10_000;

export type PlatformRequest = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
};

export type PlatformResponse = { status: number; headers: Headers; json: Record<string, unknown> | undefined; text: string };

/** Sends one request. Throws a transient PlatformError on network failure or timeout; never on a status. */
export async function platformFetch(platform: PlatformName, req: PlatformRequest): Promise<PlatformResponse> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: {
        accept: "application/json",
        ...(req.body === undefined ? {} : { "content-type": "application/json" }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(req.timeoutMs ?? PLATFORM_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === "TimeoutError";
    throw new PlatformError(
      platform,
      "transient",
      timedOut ? "timeout" : "network",
      `${req.method} ${new URL(req.url).pathname}: ${timedOut ? "timed out" : String((err as Error).cause ?? err)}`,
    );
  }
  return { status: res.status, headers: res.headers, json: parseObject(text), text };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
